/**
 * The lead as a rep or manager asks about it: stage, grade, owner and first-touch SLA, folded
 * from intake's own events and the other stations' (enrichment, scoring, routing). Tolerant:
 * unknown event types leave it as it is, and fields are read from data by name.
 */
export type SlaStatus = 'none' | 'pending' | 'met' | 'breached';

export interface LeadOverview {
  readonly leadId: string;
  readonly stage: string;
  readonly source: string | null;
  readonly inbound: boolean | null;
  readonly email: string | null;
  readonly companyName: string | null;
  readonly companyDomain: string | null;
  readonly segment: string | null;
  readonly territory: string | null;
  readonly score: number | null;
  readonly grade: string | null;
  readonly ownerSdrId: string | null;
  readonly slaDueAt: string | null;
  readonly slaStatus: SlaStatus;
  readonly slaBreaches: number;
  readonly duplicates: number;
  readonly missing: readonly string[];
  readonly capturedAt: string | null;
  readonly lastEventType: string | null;
  /** When the person was erased: the personal fields (email) are gone from here too. */
  readonly erasedAt: string | null;
}

export interface OverviewEvent {
  readonly type: string;
  readonly data: unknown;
}

/** The events the overview folds, by the category of the streams they are on: intake's own and the other stations'. */
export const OVERVIEW_EVENTS = {
  lead: ['LeadCaptured', 'LeadDuplicateCaptured', 'LeadDuplicateUnmerged', 'LeadFlaggedIncomplete', 'PersonErased'],
  enrichment: ['LeadEnriched'],
  score: ['LeadScored', 'LeadSentToRecyclePool'],
  assignment: [
    'LeadAssigned',
    'FirstTouchSlaBreached',
    'LeadReassigned',
    'ActivityLogged',
    'LeadQualified',
    'LeadDisqualified',
    'LeadReopenedForOutbound',
  ],
} as const;

// Topics of different stations are consumed independently, so their events can arrive out of
// order: a stage only ever moves forward.
const STAGE_RANK: Readonly<Record<string, number>> = {
  captured: 0,
  enriched: 1,
  scored: 2,
  assigned: 3,
  working: 4,
  qualified: 5,
  disqualified: 5,
  recycled: 5,
};

function advance(current: string, next: string): string {
  return (STAGE_RANK[next] ?? -1) > (STAGE_RANK[current] ?? -1) ? next : current;
}

function str(data: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = data[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

function blank(leadId: string): LeadOverview {
  return {
    leadId,
    stage: 'captured',
    source: null,
    inbound: null,
    email: null,
    companyName: null,
    companyDomain: null,
    segment: null,
    territory: null,
    score: null,
    grade: null,
    ownerSdrId: null,
    slaDueAt: null,
    slaStatus: 'none',
    slaBreaches: 0,
    duplicates: 0,
    missing: [],
    capturedAt: null,
    lastEventType: null,
    erasedAt: null,
  };
}

export function evolveOverview(current: LeadOverview | null, leadId: string, event: OverviewEvent): LeadOverview {
  const doc = current ?? blank(leadId);
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const next = apply(doc, event.type, data);
  return next === doc ? doc : { ...next, lastEventType: event.type };
}

function apply(doc: LeadOverview, type: string, data: Record<string, unknown>): LeadOverview {
  switch (type) {
    case 'LeadCaptured': {
      const contact = (data.contact ?? {}) as Record<string, unknown>;
      const company = (data.company ?? {}) as Record<string, unknown>;
      return {
        ...doc,
        source: str(data, 'source'),
        inbound: typeof data.inbound === 'boolean' ? data.inbound : null,
        email: doc.erasedAt ? null : str(contact, 'email'),
        companyName: str(company, 'name'),
        companyDomain: str(company, 'domain'),
        capturedAt: str(data, 'capturedAt'),
      };
    }
    case 'LeadDuplicateCaptured':
      return { ...doc, duplicates: doc.duplicates + 1 };
    case 'LeadDuplicateUnmerged':
      return { ...doc, duplicates: Math.max(0, doc.duplicates - 1) };
    case 'PersonErased':
      return { ...doc, email: null, erasedAt: str(data, 'erasedAt') ?? doc.erasedAt };
    case 'LeadFlaggedIncomplete':
      return { ...doc, missing: Array.isArray(data.missing) ? data.missing.filter((m): m is string => typeof m === 'string') : [] };
    case 'LeadEnriched':
      return { ...doc, stage: advance(doc.stage, 'enriched'), segment: str(data, 'segment'), territory: str(data, 'territory') };
    case 'LeadScored':
      return {
        ...doc,
        stage: advance(doc.stage, 'scored'),
        score: typeof data.score === 'number' ? data.score : doc.score,
        grade: str(data, 'grade') ?? doc.grade,
      };
    case 'LeadSentToRecyclePool':
      return { ...doc, stage: advance(doc.stage, 'recycled') };
    case 'LeadAssigned':
    case 'LeadReassigned': {
      const slaDueAt = str(data, 'slaDueAt');
      return {
        ...doc,
        stage: advance(doc.stage, 'assigned'),
        ownerSdrId: str(data, 'toSdrId', 'newSdrId', 'sdrId') ?? doc.ownerSdrId,
        slaDueAt: slaDueAt ?? doc.slaDueAt,
        // A reassignment after a breach opens a new first-touch window for the new owner.
        slaStatus: slaDueAt ? 'pending' : doc.slaStatus,
      };
    }
    case 'LeadReopenedForOutbound':
      // A recycled lead back with an outbound SDR after its cool-off: the one move back a stage
      // makes (routing appends it after the lead's earlier close on the same stream).
      return { ...doc, stage: 'assigned', ownerSdrId: str(data, 'sdrId') ?? doc.ownerSdrId, slaDueAt: null, slaStatus: 'none' };
    case 'FirstTouchSlaBreached':
      return { ...doc, slaStatus: 'breached', slaBreaches: doc.slaBreaches + 1 };
    case 'ActivityLogged':
      return { ...doc, stage: advance(doc.stage, 'working'), slaStatus: doc.slaStatus === 'pending' ? 'met' : doc.slaStatus };
    case 'LeadQualified':
      return { ...doc, stage: advance(doc.stage, 'qualified') };
    case 'LeadDisqualified':
      return { ...doc, stage: advance(doc.stage, 'disqualified') };
    default:
      return doc;
  }
}
