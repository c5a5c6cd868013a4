import type {
  ActivityLogged,
  ActivityOutcome,
  AppointmentBooked,
  AppointmentHeld,
  CustomerCreated,
  LeadAssigned,
  LeadCaptured,
  LeadDisqualified,
  LeadDuplicateCaptured,
  LeadDuplicateUnmerged,
  LeadEnriched,
  LeadFlaggedIncomplete,
  LeadQualified,
  LeadReassigned,
  LeadRecycled,
  LeadReopenedForOutbound,
  LeadScored,
  LeadSentToRecyclePool,
  OpportunityLost,
  OpportunityOpened,
  OpportunityWon,
  ProspectNurtured,
  ProspectReturnedFromNurture,
  VendorLeadsArchived,
  VendorLeadsReleased,
  VendorListReceived,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { LEAD_DUPLICATE_FACTS, LEAD_FACTS } from './leads.tables';

/** Outcomes of an activity in which the SDR spoke with the prospect (a conversation, a reach). */
export const CONVERSATION_OUTCOMES: readonly ActivityOutcome[] = ['connected', 'positive', 'negative', 'callback'];

type Value = string | number | boolean | null;
/** A row of the lead's history: `at` is when the event happened (null: it holds from the start). */
const lead = (leadId: string, at: string | null, row: Record<string, Value>): Fact => [LEAD_FACTS, { lead_id: leadId, at, ...row }];
/** A step of the lead's life: the first time it happened, and the lead's stage from then on. */
const step = (leadId: string, at: string | null, stage: LeadStage, row: Record<string, Value>): Fact =>
  lead(leadId, at, { ...row, stage_at: at, stage });

/** Where a lead stands after its latest step (enrichment, scoring and activities do not move it). */
export const LEAD_STAGES = [
  'captured',
  'recycle-pool',
  'assigned',
  'qualified',
  'disqualified',
  'appointment',
  'appointment-held',
  'opportunity',
  'won',
  'lost',
  'nurture',
  'nurture-returned',
  'recycled',
  'reopened',
  'customer',
] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

/** The lead stage an event marks: the column holding its first time and the stage it moves the lead to. */
const STAGE_COLUMN: Readonly<Record<string, readonly [string, LeadStage]>> = {
  LeadSentToRecyclePool: ['recycle_pool_at', 'recycle-pool'],
  AppointmentBooked: ['appointment_at', 'appointment'],
  AppointmentHeld: ['appointment_held_at', 'appointment-held'],
  OpportunityOpened: ['opportunity_at', 'opportunity'],
  OpportunityWon: ['won_at', 'won'],
  OpportunityLost: ['lost_at', 'lost'],
  ProspectNurtured: ['nurtured_at', 'nurture'],
  ProspectReturnedFromNurture: ['nurture_returned_at', 'nurture-returned'],
  LeadRecycled: ['recycled_at', 'recycled'],
  CustomerCreated: ['customer_at', 'customer'],
};
type StageEvent =
  | LeadSentToRecyclePool
  | AppointmentBooked
  | AppointmentHeld
  | OpportunityOpened
  | OpportunityWon
  | OpportunityLost
  | ProspectNurtured
  | ProspectReturnedFromNurture
  | LeadRecycled
  | CustomerCreated;

function activityFacts(d: ActivityLogged['data']): Fact {
  const at = iso(d.at);
  const when = (yes: boolean) => (yes ? at : null);
  return lead(d.leadId, at, {
    first_touch_at: at,
    first_touch_sdr_id: d.sdrId,
    contacted_at: when(CONVERSATION_OUTCOMES.includes(d.outcome)),
    positive_at: when(d.outcome === 'positive'),
    negative_at: when(d.outcome === 'negative'),
    callback_at: when(d.outcome === 'callback'),
  });
}

function vendorFacts(leadIds: readonly string[], at: string | null, column: string): Fact[] {
  return leadIds.map((leadId) => lead(leadId, at, { [column]: at }));
}

function leadFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'LeadCaptured': {
      const d = dataOf<LeadCaptured>(event);
      const at = iso(d.capturedAt);
      const { source, inbound, vendorId, listId, campaignId } = d;
      const company = { company_name: d.company?.name ?? null, company_domain: d.company?.domain ?? null };
      const dims = { source, inbound, vendor_id: vendorId, list_id: listId, campaign_id: campaignId, ...company };
      return [step(d.leadId, at, 'captured', { captured_at: at, ...dims })];
    }
    case 'LeadDuplicateCaptured': {
      const { leadId, matchedOn, capture } = dataOf<LeadDuplicateCaptured>(event);
      const at = iso(capture.capturedAt);
      const row = { lead_id: leadId, capture_id: capture.captureId, at, matched_on: matchedOn, source: capture.source };
      return [[LEAD_DUPLICATE_FACTS, { ...row, vendor_id: capture.vendorId, campaign_id: capture.campaignId, captured_at: at }]];
    }
    case 'LeadDuplicateUnmerged': {
      const d = dataOf<LeadDuplicateUnmerged>(event);
      // A correction: the capture was never this lead's, whenever the unmerge happened.
      const row = { lead_id: d.leadId, capture_id: d.captureId, at: null, unmerged_at: iso(d.unmergedAt), new_lead_id: d.newLeadId };
      return [[LEAD_DUPLICATE_FACTS, row]];
    }
    case 'LeadFlaggedIncomplete':
      return [lead(dataOf<LeadFlaggedIncomplete>(event).leadId, null, { incomplete: true })];
    case 'LeadEnriched': {
      const d = dataOf<LeadEnriched>(event);
      const at = iso(d.enrichedAt);
      return [lead(d.leadId, at, { enriched_at: at, segment: d.segment, territory: d.territory })];
    }
    case 'LeadScored': {
      const d = dataOf<LeadScored>(event);
      const at = iso(d.scoredAt);
      return [lead(d.leadId, at, { scored_at: at, score: d.score, grade: d.grade })];
    }
    case 'VendorListReceived': {
      const d = dataOf<VendorListReceived>(event);
      return vendorFacts(d.leadIds, iso(d.at), 'vendor_listed_at');
    }
    case 'VendorLeadsReleased': {
      const d = dataOf<VendorLeadsReleased>(event);
      return vendorFacts(d.leadIds, iso(d.at), 'vendor_released_at');
    }
    case 'VendorLeadsArchived': {
      const d = dataOf<VendorLeadsArchived>(event);
      return vendorFacts(d.leadIds, iso(d.at), 'vendor_archived_at');
    }
    case 'LeadAssigned': {
      const d = dataOf<LeadAssigned>(event);
      const at = iso(d.assignedAt);
      return [step(d.leadId, at, 'assigned', { assigned_at: at, team: d.team, first_sdr_id: d.sdrId, owner_since: at, sdr_id: d.sdrId })];
    }
    case 'LeadReassigned': {
      const d = dataOf<LeadReassigned>(event);
      const at = iso(d.reassignedAt);
      return [lead(d.leadId, at, { owner_since: at, sdr_id: d.sdrId })];
    }
    case 'LeadReopenedForOutbound': {
      const d = dataOf<LeadReopenedForOutbound>(event);
      const at = iso(d.at);
      return [step(d.leadId, at, 'reopened', { reopened_at: at, owner_since: at, sdr_id: d.sdrId })];
    }
    case 'ActivityLogged':
      return [activityFacts(dataOf<ActivityLogged>(event))];
    case 'LeadQualified': {
      const d = dataOf<LeadQualified>(event);
      const at = iso(d.at);
      return [step(d.leadId, at, 'qualified', { qualified_at: at, qualified_sdr_id: d.sdrId })];
    }
    case 'LeadDisqualified': {
      const d = dataOf<LeadDisqualified>(event);
      const at = iso(d.at);
      return [step(d.leadId, at, 'disqualified', { disqualified_at: at, disqualified_sdr_id: d.sdrId, disqualify_reason: d.reason })];
    }
    default: {
      const stage = STAGE_COLUMN[event.type];
      const d = dataOf<StageEvent>(event);
      if (!stage) return [];
      const at = iso(d.at);
      return [step(d.leadId, at, stage[1], { [stage[0]]: at })];
    }
  }
}

export const LEADS_READ_MODEL = defineReadModel({
  name: 'leads',
  tables: [LEAD_FACTS, LEAD_DUPLICATE_FACTS],
  eventTypes: [
    'LeadCaptured',
    'LeadDuplicateCaptured',
    'LeadDuplicateUnmerged',
    'LeadFlaggedIncomplete',
    'LeadEnriched',
    'LeadScored',
    'LeadAssigned',
    'LeadReassigned',
    'LeadReopenedForOutbound',
    'VendorListReceived',
    'VendorLeadsReleased',
    'VendorLeadsArchived',
    'ActivityLogged',
    'LeadQualified',
    'LeadDisqualified',
    ...Object.keys(STAGE_COLUMN),
  ],
  facts: leadFacts,
});
