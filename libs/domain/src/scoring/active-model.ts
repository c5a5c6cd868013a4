import { DomainError } from '../shared/domain-error';
import { unknownCommand, type Decider } from '../shared/decider';
import type { IcpModel } from './icp-model';
import { icpModelProblems } from './icp-model.validation';

/** The one stream recording which ICP model scoring runs, when one was promoted (else its configured model). */
export const ACTIVE_SCORING_MODEL_STREAM = 'scoringmodel-active';

/** Why the model changed: a shadow candidate the policy lab promoted. */
export type ModelActivationSource = { readonly kind: 'shadow-promotion'; readonly candidateId: string };

export type ScoringModelActivated = {
  type: 'ScoringModelActivated';
  data: {
    model: IcpModel;
    /** The model it replaced (the configured one when none was activated before). */
    previous: { modelId: string; version: number };
    source: ModelActivationSource;
    at: string;
  };
};

export type ActivateScoringModel = {
  type: 'ActivateScoringModel';
  data: { model: IcpModel; configured: IcpModel; source: ModelActivationSource; at: string };
};

export type ActiveModelState = { readonly model: IcpModel | null };

export class ScoringModelError extends DomainError<'invalid-model'> {
  override readonly name = 'ScoringModelError';
}

function decide(command: ActivateScoringModel, state: ActiveModelState): ScoringModelActivated[] {
  switch (command.type) {
    case 'ActivateScoringModel': {
      const problems = icpModelProblems(command.data.model);
      if (problems.length > 0) throw new ScoringModelError('invalid-model', problems.join('; '));
      const current = state.model ?? command.data.configured;
      const { model, source, at } = command.data;
      // Activating the model already running changes nothing.
      if (current.modelId === model.modelId && current.version === model.version) return [];
      return [
        { type: 'ScoringModelActivated', data: { model, previous: { modelId: current.modelId, version: current.version }, source, at } },
      ];
    }
    default:
      return unknownCommand(command.type);
  }
}

/** The model the `scoringmodel-active` stream's events leave active, or null when none was activated. */
export function activatedModel(events: readonly { readonly type: string; readonly data: unknown }[]): IcpModel | null {
  const last = [...events].reverse().find((e): e is ScoringModelActivated => e.type === 'ScoringModelActivated');
  return last?.data.model ?? null;
}

/** Which model scoring runs: the last activated one on `scoringmodel-active`. */
export const activeModelDecider: Decider<ActiveModelState, ActivateScoringModel, ScoringModelActivated> = {
  decide,
  evolve: (_state, event) => ({ model: event.data.model }),
  initialState: () => ({ model: null }),
};
