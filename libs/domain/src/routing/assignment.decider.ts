import type { LeadSource } from '../lead/lead-source';
import { foldEvents, unknownCommand, type Decider } from '../shared/decider';
import { RoutingError } from './routing.errors';
import type { ActivityKind, ActivityOutcome, AssignmentEvent, FirstTouchSlaBreached, SdrTeam } from './routing.events';

export type AssignmentState =
  | { readonly status: 'unassigned' }
  | {
      readonly status: 'open' | 'qualified' | 'disqualified';
      readonly leadId: string;
      readonly sdrId: string;
      readonly team: SdrTeam;
      readonly source: LeadSource;
      readonly slaDueAt: string | null;
      readonly slaTimerId: string | null;
      readonly firstTouchAt: string | null;
      readonly breaches: number;
      readonly previousSdrIds: readonly string[];
      /** Every activity logged on the lead: a command repeating one of them (a retried request) records nothing. */
      readonly activityIds: readonly string[];
    };

export type AssignmentCommand =
  | {
      type: 'LogActivity';
      data: {
        leadId: string;
        activityId: string;
        sdrId?: string;
        kind: ActivityKind;
        outcome: ActivityOutcome;
        notes: string | null;
        at: string;
      };
    }
  | { type: 'QualifyLead'; data: { leadId: string; reason: string; at: string } }
  | { type: 'DisqualifyLead'; data: { leadId: string; reason: string; at: string } };

type Assigned = Exclude<AssignmentState, { status: 'unassigned' }>;

function openAssignment(state: AssignmentState, leadId: string): Assigned {
  if (state.status === 'unassigned') throw new RoutingError('lead-not-assigned', `lead ${leadId} has no SDR yet`);
  if (state.status !== 'open') throw new RoutingError('lead-closed', `lead ${leadId} is already ${state.status}`);
  return state;
}

function decide(command: AssignmentCommand, state: AssignmentState): AssignmentEvent[] {
  switch (command.type) {
    case 'LogActivity': {
      if (state.status !== 'unassigned' && state.activityIds.includes(command.data.activityId)) return [];
      const current = openAssignment(state, command.data.leadId);
      const { sdrId = current.sdrId, ...rest } = command.data;
      if (sdrId !== current.sdrId) throw new RoutingError('not-the-owner', `lead ${rest.leadId} belongs to ${current.sdrId}`);
      return [{ type: 'ActivityLogged', data: { ...rest, sdrId, firstTouch: current.firstTouchAt === null } }];
    }
    case 'QualifyLead':
    case 'DisqualifyLead': {
      const current = openAssignment(state, command.data.leadId);
      const type = command.type === 'QualifyLead' ? 'LeadQualified' : 'LeadDisqualified';
      return [{ type, data: { ...command.data, sdrId: current.sdrId } }];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: AssignmentState, event: AssignmentEvent): AssignmentState {
  switch (event.type) {
    case 'LeadAssigned': {
      const { leadId, sdrId, team, source, slaDueAt, slaTimerId } = event.data;
      const activityIds = state.status === 'unassigned' ? [] : state.activityIds;
      return {
        status: 'open',
        leadId,
        sdrId,
        team,
        source,
        slaDueAt,
        slaTimerId,
        firstTouchAt: null,
        breaches: 0,
        previousSdrIds: [],
        activityIds,
      };
    }
    case 'LeadReassigned':
      if (state.status === 'unassigned') return state;
      return {
        ...state,
        sdrId: event.data.sdrId,
        slaDueAt: event.data.slaDueAt,
        slaTimerId: event.data.slaTimerId,
        previousSdrIds: [...state.previousSdrIds, event.data.fromSdrId],
      };
    case 'FirstTouchSlaBreached':
      return state.status === 'unassigned' ? state : { ...state, breaches: state.breaches + 1 };
    case 'ActivityLogged':
      if (state.status === 'unassigned') return state;
      return { ...state, firstTouchAt: state.firstTouchAt ?? event.data.at, activityIds: [...state.activityIds, event.data.activityId] };
    case 'LeadQualified':
      return state.status === 'unassigned' ? state : { ...state, status: 'qualified' };
    case 'LeadDisqualified':
      return state.status === 'unassigned' ? state : { ...state, status: 'disqualified' };
    case 'LeadReopenedForOutbound': {
      // A recycled lead starts over with an outbound owner: open, untouched, no first-touch SLA.
      const { leadId, sdrId, fromSdrId, source } = event.data;
      const previous = state.status === 'unassigned' ? [] : state.previousSdrIds;
      return {
        status: 'open',
        leadId,
        sdrId,
        team: 'outbound',
        source,
        slaDueAt: null,
        slaTimerId: null,
        firstTouchAt: null,
        breaches: 0,
        previousSdrIds: fromSdrId === null ? previous : [...previous, fromSdrId],
        activityIds: state.status === 'unassigned' ? [] : state.activityIds,
      };
    }
    default:
      return state;
  }
}

export const assignmentDecider: Decider<AssignmentState, AssignmentCommand, AssignmentEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unassigned' }),
};

export interface EscalationPolicy {
  /** 'reassign': breach → manager alerted and the lead goes to the next eligible SDR; 'notify-manager': alert only. */
  readonly onBreach: 'reassign' | 'notify-manager';
  /** Reassignments after which the lead stays with its owner (the manager is still alerted). */
  readonly maxReassignments: number;
}

export const DEFAULT_ESCALATION: EscalationPolicy = { onBreach: 'reassign', maxReassignments: 2 };

/**
 * What a breach means for a lead whose state already folded the breach in: stale breaches
 * (touched, closed, or owned by someone else by now) change nothing.
 */
export function breachResponse(
  state: AssignmentState,
  breach: FirstTouchSlaBreached,
  policy: EscalationPolicy,
): 'reassign' | 'keep-owner' | 'stale' {
  if (state.status !== 'open' || state.firstTouchAt !== null || state.sdrId !== breach.data.sdrId) return 'stale';
  if (policy.onBreach === 'reassign' && state.previousSdrIds.length < policy.maxReassignments) return 'reassign';
  return 'keep-owner';
}

/**
 * What the end of a recycled lead's cool-off means: 'reopen' for the outbound team unless the lead
 * is open right now (somebody works it: nothing to take back), or this very cool-off already
 * reopened it (a redelivery).
 */
export function recycleResponse(state: AssignmentState, alreadyReopened: boolean): 'reopen' | 'stale' {
  if (alreadyReopened || state.status === 'open') return 'stale';
  return 'reopen';
}

export function foldAssignment(events: readonly AssignmentEvent[]): AssignmentState {
  return foldEvents(assignmentDecider, events);
}
