import type { Segment } from '../enrichment/enrichment.events';
import type { LeadSource } from '../lead/lead-source';
import type { WorkingHours } from '../shared/working-time';

/**
 * Routing's events, on `sdr-<sdrId>` (the SDR roster) and `assignment-<leadId>` (who works the
 * lead, its first-touch SLA and the SDR's work on it). Every event with a lead carries the lead
 * id in its metadata; times are ISO-8601 strings that arrive on commands.
 */

export type SdrTeam = 'inbound' | 'outbound';
export interface SdrProfile {
  readonly name: string;
  readonly email: string;
  readonly managerEmail: string;
  readonly team: SdrTeam;
  /** Territory names; '*' covers every territory. */
  readonly territories: readonly string[];
  /** Segments; '*' covers every segment. */
  readonly segments: readonly (Segment | '*')[];
  readonly workingHours: WorkingHours;
  /** IANA time zone, e.g. 'Europe/Berlin'. */
  readonly timeZone: string;
  /** New leads a week (default 160). */
  readonly weeklyCapacity: number;
  readonly active: boolean;
}
export type SdrRegistered = { type: 'SdrRegistered'; data: SdrProfile & { sdrId: string; registeredAt: string } };
export type SdrUpdated = { type: 'SdrUpdated'; data: { sdrId: string; changes: Partial<SdrProfile>; updatedAt: string } };
export type SdrTimeOffScheduled = {
  type: 'SdrTimeOffScheduled';
  data: { sdrId: string; from: string; to: string; reason: string | null; scheduledAt: string };
};

/** One member of the eligible pool with the load the policy saw. */
export interface PoolMember {
  readonly sdrId: string;
  readonly openLeads: number;
  readonly assignedThisWeek: number;
  readonly weeklyCapacity: number;
  readonly lastAssignedAt: string | null;
}
/** Everything needed to explain an assignment and to replay it (same pool + seed + policy → same SDR). */
export interface AssignmentDecision {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly seed: number;
  readonly decidedAt: string;
  readonly lead: { readonly team: SdrTeam; readonly territory: string | null; readonly segment: Segment };
  readonly pool: readonly PoolMember[];
  /** Candidates left out of the pool, with the rule that excluded them. */
  readonly excluded: readonly { readonly sdrId: string; readonly reason: string }[];
  readonly chosenSdrId: string;
  /** The rule that separated the chosen SDR from the others. */
  readonly tieBreak: 'only-candidate' | 'load' | 'longest-since-last-assignment' | 'seeded-draw';
}
export type LeadAssigned = {
  type: 'LeadAssigned';
  data: {
    leadId: string;
    sdrId: string;
    team: SdrTeam;
    source: LeadSource;
    decision: AssignmentDecision;
    /** First-touch deadline for inbound leads; null for outbound. */
    slaDueAt: string | null;
    slaTimerId: string | null;
    assignedAt: string;
  };
};
export type NotificationChannel = 'email' | 'webhook';
export type SdrNotified = {
  type: 'SdrNotified';
  data: {
    leadId: string;
    sdrId: string;
    channel: NotificationChannel;
    purpose: 'assignment' | 'sla-breach';
    recipient: string;
    /** The event the notification was about. */
    aboutEventId: string;
    notifiedAt: string;
  };
};
export type FirstTouchSlaBreached = {
  type: 'FirstTouchSlaBreached';
  data: { leadId: string; sdrId: string; slaDueAt: string; breachedAt: string };
};
export type LeadReassigned = {
  type: 'LeadReassigned';
  data: {
    leadId: string;
    fromSdrId: string;
    sdrId: string;
    reason: 'sla-breach';
    decision: AssignmentDecision;
    slaDueAt: string | null;
    slaTimerId: string | null;
    reassignedAt: string;
  };
};
export type ActivityKind = 'call' | 'email' | 'social';
export type ActivityOutcome = 'no-answer' | 'voicemail' | 'connected' | 'positive' | 'negative' | 'callback' | 'bad-data';
export type ActivityLogged = {
  type: 'ActivityLogged';
  data: {
    leadId: string;
    sdrId: string;
    activityId: string;
    kind: ActivityKind;
    outcome: ActivityOutcome;
    notes: string | null;
    firstTouch: boolean;
    at: string;
  };
};
/**
 * The lead's first touch is now another activity: one logged after the first touch but that
 * happened before it (concurrent posts, or an SDR logging a call made earlier). `ActivityLogged` of
 * `activityId` carries `firstTouch: true`; the activity `fromActivityId` is no longer the first touch.
 */
export type FirstTouchMoved = {
  type: 'FirstTouchMoved';
  data: { leadId: string; sdrId: string; activityId: string; at: string; fromActivityId: string; fromAt: string };
};
export type LeadQualified = { type: 'LeadQualified'; data: { leadId: string; sdrId: string; reason: string; at: string } };
export type LeadDisqualified = { type: 'LeadDisqualified'; data: { leadId: string; sdrId: string; reason: string; at: string } };

/**
 * Fired by routing's durable cool-off timer (scheduled on appointments' `LeadRecycled`, id derived
 * from it) at `availableToOutboundAt`; `at` is that due time. Routing then reopens the lead for
 * the outbound team.
 */
export type RecycleCoolOffEnded = {
  type: 'RecycleCoolOffEnded';
  data: { leadId: string; reason: string; recycledAt: string; availableToOutboundAt: string; at: string };
};
/**
 * A recycled lead back in routing's hands after its cool-off: an outbound SDR owns it again by the
 * outbound policy, open, untouched and without a first-touch SLA, so it can be worked and
 * qualified anew.
 */
export type LeadReopenedForOutbound = {
  type: 'LeadReopenedForOutbound';
  data: {
    leadId: string;
    /** The owner when the lead was recycled; null when routing had never assigned it. */
    fromSdrId: string | null;
    sdrId: string;
    team: 'outbound';
    source: LeadSource;
    decision: AssignmentDecision;
    /** Why appointments recycled it (`LeadRecycled.reason`). */
    reason: string;
    recycledAt: string;
    at: string;
  };
};

export type SdrEvent = SdrRegistered | SdrUpdated | SdrTimeOffScheduled;
export type AssignmentEvent =
  | LeadAssigned
  | SdrNotified
  | FirstTouchSlaBreached
  | LeadReassigned
  | ActivityLogged
  | FirstTouchMoved
  | LeadQualified
  | LeadDisqualified
  | RecycleCoolOffEnded
  | LeadReopenedForOutbound;
