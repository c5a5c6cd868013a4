import type { RoutingPolicy } from './routing-policy';
import type { Segment } from '../enrichment/enrichment.events';
import type { LeadSource } from '../lead/lead-source';
import type { AssignmentState, EscalationPolicy } from './assignment.decider';
import { decideAssignment, type SdrCandidate } from './assignment.policy';
import { firstTouchDueAt, type FirstTouchSlaPolicy } from './first-touch-sla';
import type {
  AssignmentDecision,
  FirstTouchSlaBreached,
  LeadAssigned,
  LeadReassigned,
  LeadReopenedForOutbound,
  RecycleCoolOffEnded,
  SdrTeam,
} from './routing.events';

/**
 * Who owns a lead: its first assignment, the reassignment after a first-touch breach, and the
 * reopening of a recycled lead for the outbound team. Each takes what the service read (the lead's
 * context, the roster with its loads, the policies, the ids and seed derived from the cause) and
 * the lead's folded state, and says what happened, with the events to append. The assignment
 * decider's `decide` answers with these events; the service reads, appends and keeps its read models.
 */

type Exclusions = AssignmentDecision['excluded'];

export interface AssignLeadData {
  readonly leadId: string;
  /** The policy the line runs (a promoted one); the built-in one when left out. */
  readonly policy?: RoutingPolicy;
  readonly team: SdrTeam;
  readonly source: LeadSource;
  readonly segment: Segment;
  readonly territory: string | null;
  readonly at: string;
  /** When the first-touch window starts: the capture, or the release or late assignment of a lead that waited. */
  readonly slaFrom: string;
  readonly seed: number;
  readonly candidates: readonly SdrCandidate[];
  readonly sla: FirstTouchSlaPolicy;
  /** The id the first-touch timer gets if there is one (derived from the assignment's event id). */
  readonly slaTimerId: string;
}

export type AssignOutcome =
  | { readonly kind: 'assigned'; readonly events: readonly [LeadAssigned] }
  /** Routing already holds the lead (an owner, or history of its own): a re-score does not move it. */
  | { readonly kind: 'already-assigned' }
  /** Nobody is eligible right now: the lead waits, with every candidate's exclusion. */
  | { readonly kind: 'waiting'; readonly excluded: Exclusions };

export function assignOutcome(data: AssignLeadData, state: AssignmentState): AssignOutcome {
  if (state.status !== 'unassigned' || state.hasHistory) return { kind: 'already-assigned' };
  const { leadId, team, source, segment, territory, at, seed } = data;
  const { decision, excluded } = decideAssignment({ team, territory, segment, at, seed }, data.candidates, data.policy);
  if (!decision) return { kind: 'waiting', excluded };
  const slaDueAt = team === 'inbound' ? firstTouchDueAt(data.sla, source, segment, data.slaFrom) : null;
  const assigned: LeadAssigned = {
    type: 'LeadAssigned',
    data: {
      leadId,
      sdrId: decision.chosenSdrId,
      team,
      source,
      decision,
      slaDueAt,
      slaTimerId: slaDueAt ? data.slaTimerId : null,
      assignedAt: at,
    },
  };
  return { kind: 'assigned', events: [assigned] };
}

export interface ReassignOnBreachData {
  readonly leadId: string;
  /** The policy the line runs (a promoted one); the built-in one when left out. */
  readonly policy?: RoutingPolicy;
  readonly breach: FirstTouchSlaBreached['data'];
  readonly at: string;
  readonly seed: number;
  /** The lead's segment and territory as routing recorded them; null when routing has no row for it. */
  readonly lead: { readonly segment: Segment; readonly territory: string | null } | null;
  /** The roster of the lead's team. */
  readonly candidates: readonly SdrCandidate[];
  readonly sla: FirstTouchSlaPolicy;
  readonly escalation: EscalationPolicy;
  readonly slaTimerId: string;
}

export type BreachOutcome =
  /** Touched, closed, or owned by someone else by now: the breach changes nothing. */
  | { readonly kind: 'stale' }
  /** Counted; the owner keeps the lead (the policy says so, or nobody else is eligible). */
  | { readonly kind: 'keep-owner'; readonly owner: string; readonly why: 'policy' | 'no-other-sdr' }
  | { readonly kind: 'reassigned'; readonly events: readonly [LeadReassigned] };

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

/** A breach: stale, kept by its owner, or reassigned to the next eligible SDR of its team (previous owners excluded) with a fresh SLA. */
export function breachOutcome(data: ReassignOnBreachData, state: AssignmentState): BreachOutcome {
  const response = breachResponse(state, { type: 'FirstTouchSlaBreached', data: data.breach }, data.escalation);
  if (response === 'stale' || state.status !== 'open') return { kind: 'stale' };
  if (response === 'keep-owner' || !data.lead) return { kind: 'keep-owner', owner: state.sdrId, why: 'policy' };
  const { leadId, at, seed } = data;
  const { segment, territory } = data.lead;
  const request = { team: state.team, territory, segment, at, seed, excludeSdrIds: [...state.previousSdrIds, state.sdrId] };
  const { decision } = decideAssignment(request, data.candidates, data.policy);
  if (!decision) return { kind: 'keep-owner', owner: state.sdrId, why: 'no-other-sdr' };
  const reassigned: LeadReassigned = {
    type: 'LeadReassigned',
    data: {
      leadId,
      fromSdrId: state.sdrId,
      sdrId: decision.chosenSdrId,
      reason: 'sla-breach',
      decision,
      slaDueAt: firstTouchDueAt(data.sla, state.source, segment, at),
      slaTimerId: data.slaTimerId,
      reassignedAt: at,
    },
  };
  return { kind: 'reassigned', events: [reassigned] };
}

export interface ReopenForOutboundData {
  readonly leadId: string;
  /** The policy the line runs (a promoted one); the built-in one when left out. */
  readonly policy?: RoutingPolicy;
  /** The cool-off's end as found on the lead's stream (null when it is not there). */
  readonly coolOff: RecycleCoolOffEnded['data'] | null;
  /** The reopening this cool-off causes is on the stream already (a redelivery). */
  readonly alreadyReopened: boolean;
  /** What intake and enrichment say about the lead, else routing's own row; null fields when neither knows. */
  readonly lead: { readonly source: LeadSource | null; readonly segment: Segment | null; readonly territory: string | null };
  readonly at: string;
  readonly seed: number;
  /** The outbound roster. */
  readonly candidates: readonly SdrCandidate[];
}

export type ReopenOutcome =
  | { readonly kind: 'stale'; readonly why: string }
  | { readonly kind: 'waiting'; readonly excluded: Exclusions }
  | {
      readonly kind: 'reopened';
      readonly events: readonly [LeadReopenedForOutbound];
      readonly segment: Segment;
      readonly territory: string | null;
      /** A first-touch timer left from an inbound life (qualified untouched): it must not fire on the new owner. */
      readonly previousSlaTimerId: string | null;
    };

/**
 * What the end of a recycled lead's cool-off means: 'reopen' for the outbound team unless the lead
 * is open right now (somebody works it: nothing to take back), or this very cool-off already
 * reopened it (a redelivery).
 */
export function recycleResponse(state: AssignmentState, alreadyReopened: boolean): 'reopen' | 'stale' {
  if (alreadyReopened || state.status === 'open') return 'stale';
  return 'reopen';
}

export function reopenOutcome(data: ReopenForOutboundData, state: AssignmentState): ReopenOutcome {
  if (!data.coolOff) return { kind: 'stale', why: 'no RecycleCoolOffEnded on the stream' };
  if (recycleResponse(state, data.alreadyReopened) === 'stale') {
    return { kind: 'stale', why: data.alreadyReopened ? 'already reopened' : 'the lead is open' };
  }
  const assigned = state.status === 'unassigned' ? null : state;
  const source = data.lead.source ?? assigned?.source ?? null;
  if (!source) return { kind: 'stale', why: 'routing knows nothing about the lead' };
  const segment = data.lead.segment ?? 'unknown';
  const { territory } = data.lead;
  const { leadId, at, seed } = data;
  const { decision, excluded } = decideAssignment({ team: 'outbound', territory, segment, at, seed }, data.candidates, data.policy);
  if (!decision) return { kind: 'waiting', excluded };
  const reopened: LeadReopenedForOutbound = {
    type: 'LeadReopenedForOutbound',
    data: {
      leadId,
      fromSdrId: assigned?.sdrId ?? null,
      sdrId: decision.chosenSdrId,
      team: 'outbound',
      source,
      decision,
      reason: data.coolOff.reason,
      recycledAt: data.coolOff.recycledAt,
      at,
    },
  };
  return { kind: 'reopened', events: [reopened], segment, territory, previousSlaTimerId: assigned?.slaTimerId ?? null };
}
