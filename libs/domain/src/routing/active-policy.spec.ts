import { DeciderSpecification } from '../testing/decider-specification';
import { activatedPolicy, activatedRules, activePolicyDecider, type RoutingPolicyActivated } from './active-policy';
import { RoutingError } from './routing.errors';
import { ACTIVE_ROUTING_POLICY, INBOUND_POLICY, type RoutingPolicy } from './routing-policy';

const given = DeciderSpecification.for(activePolicyDecider);
const at = '2026-12-04T15:00:00.000Z';
const source = { kind: 'shadow-promotion', candidateId: 'anytime' } as const;
const anytime: RoutingPolicy = {
  ...ACTIVE_ROUTING_POLICY,
  policyId: 'inbound-anytime',
  inbound: { ...INBOUND_POLICY, id: 'inbound-anytime-fewest-open', shift: 'ignored' },
};
const activated: RoutingPolicyActivated = {
  type: 'RoutingPolicyActivated',
  data: { policy: anytime, previous: { policyId: 'routing-active', version: 1 }, source, at },
};

describe('active routing policy', () => {
  it('activating another policy records it with the one it replaces; the same one again changes nothing', () => {
    given([])
      .when({ type: 'ActivateRoutingPolicy', data: { policy: anytime, source, at } })
      .then(activated);
    given([activated])
      .when({ type: 'ActivateRoutingPolicy', data: { policy: anytime, source, at } })
      .then([]);
  });

  it('refuses a policy that reuses a built-in rule id with other settings', () =>
    given([])
      .when({
        type: 'ActivateRoutingPolicy',
        data: { policy: { ...anytime, inbound: { ...anytime.inbound, id: INBOUND_POLICY.id } }, source, at },
      })
      .thenThrows(RoutingError, 'invalid-policy'));

  it('the stream leaves the last activated policy active, the built-in one before any, and every activated rule known', () => {
    expect(activatedPolicy([])).toBe(ACTIVE_ROUTING_POLICY);
    expect(activatedPolicy([activated])).toEqual(anytime);
    expect(activatedRules([activated]).map((r) => r.id)).toEqual(['inbound-anytime-fewest-open', 'outbound-even-weekly-spread']);
  });
});
