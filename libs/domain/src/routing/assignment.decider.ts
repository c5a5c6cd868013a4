import type { LeadSource } from '../lead/lead-source';
import { foldEvents, unknownCommand, type Decider } from '../shared/decider';
import {
  assignOutcome,
  breachOutcome,
  reopenOutcome,
  type AssignLeadData,
  type AssignOutcome,
  type BreachOutcome,
  type ReassignOnBreachData,
  type ReopenForOutboundData,
  type ReopenOutcome,
} from './assignment-routing';
import { RoutingError } from './routing.errors';
import type { ActivityKind, ActivityOutcome, AssignmentEvent, FirstTouchMoved, SdrTeam } from './routing.events';

export type AssignmentState =
  /** `hasHistory`: routing's stream of the lead exists (e.g. a cool-off ended for a lead routing never assigned). */
  | { readonly status: 'unassigned'; readonly hasHistory: boolean }
  | {
      readonly status: 'open' | 'qualified' | 'disqualified';
      readonly leadId: string;
      readonly sdrId: string;
      readonly team: SdrTeam;
      readonly source: LeadSource;
      readonly slaDueAt: string | null;
      readonly slaTimerId: string | null;
      /** When the current owner got the lead (assignment, reassignment or reopening). */
      readonly ownerSince: string;
      /** The earliest activity by the time it happened (not by arrival), and its id. */
      readonly firstTouchAt: string | null;
      readonly firstTouchActivityId: string | null;
      readonly breaches: number;
      readonly lastBreachAt: string | null;
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
        /** When the request arrived. */
        at: string;
        /** When the activity happened, if the SDR says it was earlier: not in the future, not before the SDR got the lead or a recorded SLA breach. */
        occurredAt?: string;
      };
    }
  | { type: 'QualifyLead'; data: { leadId: string; reason: string; at: string } }
  | { type: 'DisqualifyLead'; data: { leadId: string; reason: string; at: string } }
  | { type: 'AssignLead'; data: AssignLeadData }
  | { type: 'ReassignOnBreach'; data: ReassignOnBreachData }
  | { type: 'ReopenForOutbound'; data: ReopenForOutboundData };

type Assigned = Exclude<AssignmentState, { status: 'unassigned' }>;

function openAssignment(state: AssignmentState, leadId: string): Assigned {
  if (state.status === 'unassigned') throw new RoutingError('lead-not-assigned', `lead ${leadId} has no SDR yet`);
  if (state.status !== 'open') throw new RoutingError('lead-closed', `lead ${leadId} is already ${state.status}`);
  return state;
}

const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** An activity's time as the SDR gives it, within what can be true: since the SDR got the lead, after any recorded breach, not later than now. */
function activityTime(current: Assigned, occurredAt: string, arrivedAt: string): string {
  const leadId = current.leadId;
  if (Number.isNaN(Date.parse(occurredAt))) throw new RoutingError('activity-time-out-of-range', `occurredAt ${occurredAt} is not a time`);
  if (isBefore(arrivedAt, occurredAt)) throw new RoutingError('activity-time-out-of-range', `occurredAt ${occurredAt} is in the future`);
  if (isBefore(occurredAt, current.ownerSince)) {
    throw new RoutingError('activity-time-out-of-range', `occurredAt ${occurredAt} is before ${current.sdrId} got lead ${leadId}`);
  }
  if (current.lastBreachAt !== null && isBefore(occurredAt, current.lastBreachAt)) {
    throw new RoutingError('activity-time-out-of-range', `occurredAt ${occurredAt} is before the SLA breach recorded on lead ${leadId}`);
  }
  return new Date(occurredAt).toISOString();
}

function decide(command: AssignmentCommand, state: AssignmentState): AssignmentEvent[] {
  switch (command.type) {
    case 'LogActivity': {
      if (state.status !== 'unassigned' && state.activityIds.includes(command.data.activityId)) return [];
      const current = openAssignment(state, command.data.leadId);
      const { sdrId = current.sdrId, occurredAt, at: arrivedAt, ...rest } = command.data;
      if (sdrId !== current.sdrId) throw new RoutingError('not-the-owner', `lead ${rest.leadId} belongs to ${current.sdrId}`);
      const at = occurredAt === undefined ? arrivedAt : activityTime(current, occurredAt, arrivedAt);
      const first =
        current.firstTouchActivityId === null || current.firstTouchAt === null
          ? null
          : { activityId: current.firstTouchActivityId, at: current.firstTouchAt };
      const earliest = first === null || isBefore(at, first.at);
      const logged: AssignmentEvent = { type: 'ActivityLogged', data: { ...rest, sdrId, firstTouch: earliest, at } };
      if (!earliest || first === null) return [logged];
      const moved: FirstTouchMoved = {
        type: 'FirstTouchMoved',
        data: { leadId: rest.leadId, sdrId, activityId: rest.activityId, at, fromActivityId: first.activityId, fromAt: first.at },
      };
      return [logged, moved];
    }
    case 'QualifyLead':
    case 'DisqualifyLead': {
      const current = openAssignment(state, command.data.leadId);
      const type = command.type === 'QualifyLead' ? 'LeadQualified' : 'LeadDisqualified';
      return [{ type, data: { ...command.data, sdrId: current.sdrId } }];
    }
    case 'AssignLead':
      return eventsOf(assignOutcome(command.data, state));
    case 'ReassignOnBreach':
      return eventsOf(breachOutcome(command.data, state));
    case 'ReopenForOutbound':
      return eventsOf(reopenOutcome(command.data, state));
    default:
      return unknownCommand(command);
  }
}

/** The events of a routing outcome: none when the lead stays as it is (stale, already owned, waiting, kept by its owner). */
const eventsOf = (outcome: AssignOutcome | BreachOutcome | ReopenOutcome): AssignmentEvent[] =>
  'events' in outcome ? [...outcome.events] : [];

function evolve(current: AssignmentState, event: AssignmentEvent): AssignmentState {
  const state: AssignmentState =
    current.status === 'unassigned' && !current.hasHistory ? { status: 'unassigned', hasHistory: true } : current;
  switch (event.type) {
    case 'LeadAssigned': {
      const { leadId, sdrId, team, source, slaDueAt, slaTimerId, assignedAt } = event.data;
      return {
        status: 'open',
        leadId,
        sdrId,
        team,
        source,
        slaDueAt,
        slaTimerId,
        ownerSince: assignedAt,
        firstTouchAt: null,
        firstTouchActivityId: null,
        breaches: 0,
        lastBreachAt: null,
        previousSdrIds: [],
        activityIds: state.status === 'unassigned' ? [] : state.activityIds,
      };
    }
    case 'LeadReassigned':
      if (state.status === 'unassigned') return state;
      return {
        ...state,
        sdrId: event.data.sdrId,
        ownerSince: event.data.reassignedAt,
        slaDueAt: event.data.slaDueAt,
        slaTimerId: event.data.slaTimerId,
        previousSdrIds: [...state.previousSdrIds, event.data.fromSdrId],
      };
    case 'FirstTouchSlaBreached':
      return state.status === 'unassigned' ? state : { ...state, breaches: state.breaches + 1, lastBreachAt: event.data.breachedAt };
    case 'ActivityLogged':
    case 'FirstTouchMoved': {
      if (state.status === 'unassigned') return state;
      const { activityId, at } = event.data;
      const activityIds = event.type === 'ActivityLogged' ? [...state.activityIds, activityId] : state.activityIds;
      // The first touch is the earliest activity by the time it happened, whatever order they arrived in.
      const earliest = state.firstTouchAt === null || isBefore(at, state.firstTouchAt);
      return earliest ? { ...state, firstTouchAt: at, firstTouchActivityId: activityId, activityIds } : { ...state, activityIds };
    }
    case 'LeadQualified':
      return state.status === 'unassigned' ? state : { ...state, status: 'qualified' };
    case 'LeadDisqualified':
      return state.status === 'unassigned' ? state : { ...state, status: 'disqualified' };
    case 'LeadReopenedForOutbound': {
      // A recycled lead starts over with an outbound owner: open, untouched, no first-touch SLA.
      const { leadId, sdrId, fromSdrId, source, at } = event.data;
      const previous = state.status === 'unassigned' ? [] : state.previousSdrIds;
      return {
        status: 'open',
        leadId,
        sdrId,
        team: 'outbound',
        source,
        slaDueAt: null,
        slaTimerId: null,
        ownerSince: at,
        firstTouchAt: null,
        firstTouchActivityId: null,
        breaches: 0,
        lastBreachAt: null,
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
  initialState: () => ({ status: 'unassigned', hasHistory: false }),
};

export interface EscalationPolicy {
  /** 'reassign': breach → manager alerted and the lead goes to the next eligible SDR; 'notify-manager': alert only. */
  readonly onBreach: 'reassign' | 'notify-manager';
  /** Reassignments after which the lead stays with its owner (the manager is still alerted). */
  readonly maxReassignments: number;
}

export const DEFAULT_ESCALATION: EscalationPolicy = { onBreach: 'reassign', maxReassignments: 2 };

export function foldAssignment(events: readonly AssignmentEvent[]): AssignmentState {
  return foldEvents(assignmentDecider, events);
}
