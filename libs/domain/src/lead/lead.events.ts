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
  | LeadCaptured
  | LeadDuplicateCaptured
  | LeadDuplicateUnmerged
  | LeadFlaggedIncomplete
  | LeadEnriched
  | LeadScored
  | LeadSentToRecyclePool;
