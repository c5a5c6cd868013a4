import type { LeadSource } from './lead-source';

/**
 * The events the speed-to-lead services exchange. Stream ids: lead-intake writes `lead-<leadId>`,
 * enrichment `enrichment-<leadId>`, scoring `score-<leadId>`, routing `assignment-<leadId>` and
 * `sdr-<sdrId>`. Every event's metadata carries the lead id; times are ISO-8601 strings that
 * arrive on commands (no clock reads in domain code).
 */

export interface LeadContact {
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Trimmed, lower-cased. */
  readonly email: string | null;
  /** E.164. */
  readonly phone: string | null;
  readonly title: string | null;
}

export interface LeadCompany {
  readonly name: string | null;
  /** Registrable domain, lower-case, from the website or a business email. */
  readonly domain: string | null;
  readonly website: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly country: string | null;
}

export interface LeadCapture {
  readonly captureId: string;
  readonly source: LeadSource;
  readonly vendorId: string | null;
  readonly listId: string | null;
  readonly campaignId: string | null;
  readonly contact: LeadContact;
  readonly company: LeadCompany;
  readonly consent: boolean;
  readonly attributes: Readonly<Record<string, string | number | boolean | null>>;
  readonly capturedAt: string;
}

export type LeadCaptured = { type: 'LeadCaptured'; data: LeadCapture & { leadId: string; inbound: boolean } };
export type DuplicateMatch = 'email' | 'phone' | 'company';
export type LeadDuplicateCaptured = {
  type: 'LeadDuplicateCaptured';
  data: { leadId: string; matchedOn: DuplicateMatch; capture: LeadCapture };
};
export type LeadDuplicateUnmerged = {
  type: 'LeadDuplicateUnmerged';
  data: { leadId: string; captureId: string; newLeadId: string; reason: string; unmergedAt: string };
};
export type LeadFlaggedIncomplete = { type: 'LeadFlaggedIncomplete'; data: { leadId: string; missing: readonly string[] } };

export type Seniority = 'c-level' | 'vp' | 'director' | 'manager' | 'individual-contributor' | 'unknown';
export type Segment = 'smb' | 'mid-market' | 'enterprise' | 'unknown';

export type LeadEnriched = {
  type: 'LeadEnriched';
  data: {
    leadId: string;
    /** False when a provider failed or knew nothing: the lead flows on, marked partially enriched. */
    complete: boolean;
    failures: readonly { provider: string; error: string }[];
    firmographics: { headcount: number | null; annualRevenue: number | null; industry: string | null; technologies: readonly string[] };
    seniority: Seniority;
    buyingAuthority: boolean;
    timeZone: string | null;
    freeMail: boolean;
    segment: Segment;
    territory: string | null;
    enrichedAt: string;
  };
};

export type Grade = 'A' | 'B' | 'C' | 'F';
export type LeadScored = {
  type: 'LeadScored';
  data: {
    leadId: string;
    modelId: string;
    modelVersion: number;
    score: number;
    grade: Grade;
    /** Top contributions, largest first, in words a rep trusts. */
    reasons: readonly string[];
    /** The feature values the model used, so a score can be explained and back-tested. */
    features: Readonly<Record<string, string | number | boolean | null>>;
    scoredAt: string;
  };
};
export type LeadSentToRecyclePool = { type: 'LeadSentToRecyclePool'; data: { leadId: string; reason: string; at: string } };

export type LeadEvent =
  LeadCaptured | LeadDuplicateCaptured | LeadDuplicateUnmerged | LeadFlaggedIncomplete | LeadEnriched | LeadScored | LeadSentToRecyclePool;

// ---- routing (streams `sdr-<sdrId>` and `assignment-<leadId>`) ----

export type SdrTeam = 'inbound' | 'outbound';
/** ISO weekday numbers: 1 = Monday … 7 = Sunday; times are local 'HH:MM' in the SDR's time zone, end exclusive. */
export interface WorkingHours {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}
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
  | LeadQualified
  | LeadDisqualified
  | RecycleCoolOffEnded
  | LeadReopenedForOutbound;
