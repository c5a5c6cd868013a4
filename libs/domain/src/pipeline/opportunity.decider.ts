import { unknownCommand, type Decider } from '../shared/decider';
import type { OpportunityEvent, OpportunityOpened, OpportunityStage } from './opportunity.events';
import { PipelineError } from './pipeline.errors';

export const OPEN_STAGES = ['discovery', 'demo', 'proposal', 'negotiation'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

export type OpportunityState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly opportunityId: string; readonly leadId: string; readonly aeId: string; readonly stage: OpenStage }
  | {
      readonly status: 'won' | 'lost';
      readonly opportunityId: string;
      readonly leadId: string;
      readonly aeId: string;
      readonly stage: OpportunityStage;
    };

export interface WinTerms {
  readonly amount: number;
  /** Profit margin as a fraction of the amount, 0 to 1. */
  readonly margin: number;
  readonly contractTermMonths: number;
  /** ISO date (or date-time) after the win. */
  readonly renewalDate: string;
}

export type OpportunityCommand =
  | { type: 'OpenOpportunity'; data: OpportunityOpened['data'] }
  | { type: 'ChangeStage'; data: { to: OpportunityStage; at: string } }
  | { type: 'HandOver'; data: { aeId: string; appointmentId: string; at: string } }
  | { type: 'WinOpportunity'; data: WinTerms & { segment: string | null; at: string } }
  | { type: 'LoseOpportunity'; data: { reason: string; hopeless: boolean; at: string } };

const rank = (stage: OpenStage) => OPEN_STAGES.indexOf(stage);
const isOpenStage = (stage: string): stage is OpenStage => (OPEN_STAGES as readonly string[]).includes(stage);

/**
 * The stage rule: forward to any later open stage (skipping ahead is allowed: a demo can happen
 * in the discovery meeting); back exactly one stage (a re-quote takes negotiation back to
 * proposal); never further back, never to the same stage. Won and lost are reached only by the
 * win and lose commands, which work from any open stage; a closed opportunity never changes.
 */
export function stageChangeProblem(from: OpenStage, to: OpportunityStage): string | null {
  if (!isOpenStage(to)) return `${to} is reached by winning or losing, not by a stage change`;
  if (to === from) return `already in ${from}`;
  if (rank(to) < rank(from) - 1) return `${from} may go back one stage only, not to ${to}`;
  return null;
}

export function winProblems(terms: WinTerms, at: string): string[] {
  const problems: string[] = [];
  if (!(Number.isFinite(terms.amount) && terms.amount > 0)) problems.push('amount must be a positive number');
  if (!(Number.isFinite(terms.margin) && terms.margin >= 0 && terms.margin <= 1)) problems.push('margin must be a fraction from 0 to 1');
  if (!(Number.isInteger(terms.contractTermMonths) && terms.contractTermMonths >= 1 && terms.contractTermMonths <= 120)) {
    problems.push('contract term must be a whole number of months from 1 to 120');
  }
  const renewal = Date.parse(terms.renewalDate);
  if (!Number.isFinite(renewal) || renewal <= Date.parse(at)) problems.push('renewal date must be a date after the win');
  return problems;
}

function openState(state: OpportunityState): Extract<OpportunityState, { status: 'open' }> {
  if (state.status === 'none') throw new PipelineError('opportunity-not-found', 'no such opportunity');
  if (state.status !== 'open')
    throw new PipelineError('opportunity-closed', `opportunity ${state.opportunityId} is already ${state.status}`);
  return state;
}

function decide(command: OpportunityCommand, state: OpportunityState): OpportunityEvent[] {
  switch (command.type) {
    case 'OpenOpportunity':
      if (state.status !== 'none') throw new PipelineError('opportunity-exists', `opportunity ${state.opportunityId} exists`);
      return [{ type: 'OpportunityOpened', data: command.data }];
    case 'ChangeStage': {
      const open = openState(state);
      const problem = stageChangeProblem(open.stage, command.data.to);
      if (problem) throw new PipelineError('invalid-stage-change', problem);
      const { opportunityId, leadId, stage: from } = open;
      return [{ type: 'OpportunityStageChanged', data: { opportunityId, leadId, from, to: command.data.to, at: command.data.at } }];
    }
    case 'HandOver': {
      const open = openState(state);
      const { aeId, appointmentId, at } = command.data;
      if (aeId === open.aeId) return [];
      return [
        {
          type: 'OpportunityHandedOver',
          data: { opportunityId: open.opportunityId, leadId: open.leadId, fromAeId: open.aeId, aeId, appointmentId, at },
        },
      ];
    }
    case 'WinOpportunity': {
      const open = openState(state);
      const problems = winProblems(command.data, command.data.at);
      if (problems.length > 0) throw new PipelineError('invalid-win', problems.join('; '));
      const { amount, margin, contractTermMonths, renewalDate, segment, at } = command.data;
      const { opportunityId, leadId, aeId } = open;
      return [
        { type: 'OpportunityWon', data: { opportunityId, leadId, aeId, amount, margin, contractTermMonths, renewalDate, segment, at } },
      ];
    }
    case 'LoseOpportunity': {
      const open = openState(state);
      const reason = command.data.reason.trim();
      if (!reason) throw new PipelineError('invalid-loss', 'a lost opportunity needs a reason');
      const { opportunityId, leadId, aeId } = open;
      return [
        { type: 'OpportunityLost', data: { opportunityId, leadId, aeId, reason, hopeless: command.data.hopeless, at: command.data.at } },
      ];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: OpportunityState, event: OpportunityEvent): OpportunityState {
  switch (event.type) {
    case 'OpportunityOpened': {
      const { opportunityId, leadId, aeId } = event.data;
      return { status: 'open', opportunityId, leadId, aeId, stage: 'discovery' };
    }
    case 'OpportunityStageChanged':
      return state.status === 'open' && isOpenStage(event.data.to) ? { ...state, stage: event.data.to } : state;
    case 'OpportunityHandedOver':
      return state.status === 'open' ? { ...state, aeId: event.data.aeId } : state;
    case 'OpportunityWon':
      return state.status === 'none' ? state : { ...state, status: 'won', stage: 'won' };
    case 'OpportunityLost':
      return state.status === 'none' ? state : { ...state, status: 'lost', stage: 'lost' };
    default:
      return state;
  }
}

export const opportunityDecider: Decider<OpportunityState, OpportunityCommand, OpportunityEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
