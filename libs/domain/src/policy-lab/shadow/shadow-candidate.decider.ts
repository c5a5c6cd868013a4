import { routingPolicyProblems } from '../../routing/routing-policy';
import { icpModelProblems } from '../../scoring/icp-model.validation';
import { unknownCommand, type Decider } from '../../shared/decider';
import { PolicyLabError } from '../policy-lab.errors';
import type { ShadowCandidate, ShadowCandidateEvent } from './shadow.events';

interface Known {
  readonly candidateId: string;
  readonly candidate: ShadowCandidate;
}
export type ShadowCandidateState = { readonly status: 'none' } | (Known & { readonly status: 'shadowing' | 'promoted' | 'dropped' });

export type ShadowCandidateCommand =
  | { type: 'RegisterShadow'; data: { candidateId: string; candidate: ShadowCandidate; note: string | null; at: string } }
  | { type: 'PromoteShadow'; data: { candidateId: string; at: string } }
  | { type: 'DropShadow'; data: { candidateId: string; reason: string; at: string } };

/** Why a candidate cannot be shadowed: the model or policy breaks its format. */
export function shadowCandidateProblems(candidate: ShadowCandidate): string[] {
  return candidate.kind === 'scoring' ? icpModelProblems(candidate.model) : routingPolicyProblems(candidate.policy);
}

function shadowing(state: ShadowCandidateState, candidateId: string): Known {
  if (state.status === 'none') throw new PolicyLabError('shadow-not-registered', `no shadow candidate ${candidateId}`);
  if (state.status !== 'shadowing')
    throw new PolicyLabError('shadow-not-registered', `shadow candidate ${candidateId} is already ${state.status}`);
  return state;
}

function decide(command: ShadowCandidateCommand, state: ShadowCandidateState): ShadowCandidateEvent[] {
  switch (command.type) {
    case 'RegisterShadow': {
      if (state.status !== 'none')
        throw new PolicyLabError('shadow-already-registered', `shadow candidate ${command.data.candidateId} exists`);
      const problems = shadowCandidateProblems(command.data.candidate);
      if (problems.length > 0) throw new PolicyLabError('invalid-candidate', problems.join('; '));
      return [{ type: 'ShadowCandidateRegistered', data: command.data }];
    }
    case 'PromoteShadow': {
      const current = shadowing(state, command.data.candidateId);
      return [
        { type: 'ShadowCandidatePromoted', data: { candidateId: current.candidateId, candidate: current.candidate, at: command.data.at } },
      ];
    }
    case 'DropShadow': {
      const current = shadowing(state, command.data.candidateId);
      return [
        { type: 'ShadowCandidateDropped', data: { candidateId: current.candidateId, reason: command.data.reason, at: command.data.at } },
      ];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: ShadowCandidateState, event: ShadowCandidateEvent): ShadowCandidateState {
  switch (event.type) {
    case 'ShadowCandidateRegistered':
      return { status: 'shadowing', candidateId: event.data.candidateId, candidate: event.data.candidate };
    case 'ShadowCandidatePromoted':
      return state.status === 'none' ? state : { ...state, status: 'promoted' };
    case 'ShadowCandidateDropped':
      return state.status === 'none' ? state : { ...state, status: 'dropped' };
    default:
      return state;
  }
}

/** A shadow candidate on `shadowcandidate-<candidateId>`: registered, then promoted or dropped, each once. */
export const shadowCandidateDecider: Decider<ShadowCandidateState, ShadowCandidateCommand, ShadowCandidateEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
