import { DeciderSpecification } from '../../testing/decider-specification';
import { ACTIVE_ROUTING_POLICY } from '../../routing/routing-policy';
import { PolicyLabError } from '../policy-lab.errors';
import { RIGHT_MODEL } from '../policy-lab.fixtures';
import { shadowCandidateDecider } from './shadow-candidate.decider';
import type { ShadowCandidateRegistered } from './shadow.events';

const given = DeciderSpecification.for(shadowCandidateDecider);
const at = '2026-03-02T09:00:00.000Z';
const registered: ShadowCandidateRegistered = {
  type: 'ShadowCandidateRegistered',
  data: { candidateId: 'right', candidate: { kind: 'scoring', model: RIGHT_MODEL }, note: null, at },
};

describe('shadow candidate', () => {
  it('registers a valid model as a shadow', () => given([]).when({ type: 'RegisterShadow', data: registered.data }).then(registered));

  it('refuses a model that breaks the ICP format, naming the problem', () =>
    given([])
      .when({ type: 'RegisterShadow', data: { ...registered.data, candidate: { kind: 'scoring', model: { ...RIGHT_MODEL, version: 0 } } } })
      .thenThrows(PolicyLabError, (e) => e.code === 'invalid-candidate' && /version/.test(e.message)));

  it('refuses a routing candidate that reuses the active rule ids with other rules', () =>
    given([])
      .when({
        type: 'RegisterShadow',
        data: {
          ...registered.data,
          candidate: {
            kind: 'routing',
            policy: { ...ACTIVE_ROUTING_POLICY, inbound: { ...ACTIVE_ROUTING_POLICY.inbound, shift: 'ignored' } },
          },
        },
      })
      .thenThrows(PolicyLabError, 'invalid-candidate'));

  it('registers once', () =>
    given([registered]).when({ type: 'RegisterShadow', data: registered.data }).thenThrows(PolicyLabError, 'shadow-already-registered'));

  it('promoting records the candidate itself, so whoever adopts it needs nothing else', () =>
    given([registered])
      .when({ type: 'PromoteShadow', data: { candidateId: 'right', at } })
      .then({ type: 'ShadowCandidatePromoted', data: { candidateId: 'right', candidate: registered.data.candidate, at } }));

  it('drops with a reason; a dropped or promoted candidate cannot change again', () => {
    given([registered])
      .when({ type: 'DropShadow', data: { candidateId: 'right', reason: 'ranks wins lower', at } })
      .then({ type: 'ShadowCandidateDropped', data: { candidateId: 'right', reason: 'ranks wins lower', at } });
    given([registered, { type: 'ShadowCandidateDropped', data: { candidateId: 'right', reason: 'x', at } }])
      .when({ type: 'PromoteShadow', data: { candidateId: 'right', at } })
      .thenThrows(PolicyLabError, 'shadow-not-registered');
    given([])
      .when({ type: 'DropShadow', data: { candidateId: 'right', reason: 'x', at } })
      .thenThrows(PolicyLabError, 'shadow-not-registered');
  });
});
