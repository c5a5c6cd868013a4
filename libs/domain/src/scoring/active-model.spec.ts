import { DeciderSpecification } from '../testing/decider-specification';
import { activeModelDecider, ScoringModelError, type ScoringModelActivated } from './active-model';
import { DEFAULT_ICP_MODEL } from './default-icp-model';

const given = DeciderSpecification.for(activeModelDecider);
const at = '2026-12-04T15:00:00.000Z';
const v2 = { ...DEFAULT_ICP_MODEL, version: 2 };
const source = { kind: 'shadow-promotion', candidateId: 'icp-v2' } as const;
const activated: ScoringModelActivated = {
  type: 'ScoringModelActivated',
  data: { model: v2, previous: { modelId: 'leadline-icp', version: 1 }, source, at },
};

describe('active scoring model', () => {
  it('activating another model records it with the one it replaces', () =>
    given([])
      .when({ type: 'ActivateScoringModel', data: { model: v2, configured: DEFAULT_ICP_MODEL, source, at } })
      .then(activated));

  it('activating the model already running changes nothing', () => {
    given([activated])
      .when({ type: 'ActivateScoringModel', data: { model: v2, configured: DEFAULT_ICP_MODEL, source, at } })
      .then([]);
    given([])
      .when({ type: 'ActivateScoringModel', data: { model: DEFAULT_ICP_MODEL, configured: DEFAULT_ICP_MODEL, source, at } })
      .then([]);
  });

  it('refuses a model that breaks the ICP format', () =>
    given([])
      .when({
        type: 'ActivateScoringModel',
        data: { model: { ...v2, thresholds: { A: 10, B: 50, C: 30 } }, configured: DEFAULT_ICP_MODEL, source, at },
      })
      .thenThrows(ScoringModelError, 'invalid-model'));
});
