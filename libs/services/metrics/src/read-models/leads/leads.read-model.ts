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
  LeadScored,
  LeadSentToRecyclePool,
  OpportunityLost,
  OpportunityOpened,
  OpportunityWon,
  ProspectNurtured,
  ProspectReturnedFromNurture,
} from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { LEAD_DUPLICATES, LEADS } from './leads.tables';

/** Outcomes of an activity in which the SDR spoke with the prospect (a conversation, a reach). */
export const CONVERSATION_OUTCOMES: readonly ActivityOutcome[] = ['connected', 'positive', 'negative', 'callback'];

const lead = (leadId: string, row: Record<string, string | number | boolean | null>): Fact => [LEADS, { lead_id: leadId, ...row }];
/** The lead stage an event marks, as the column holding its first time. */
const STAGE_COLUMN: Readonly<Record<string, string>> = {
  LeadSentToRecyclePool: 'recycle_pool_at',
  AppointmentBooked: 'appointment_at',
  AppointmentHeld: 'appointment_held_at',
  OpportunityOpened: 'opportunity_at',
  OpportunityWon: 'won_at',
  OpportunityLost: 'lost_at',
  ProspectNurtured: 'nurtured_at',
  ProspectReturnedFromNurture: 'nurture_returned_at',
  LeadRecycled: 'recycled_at',
  CustomerCreated: 'customer_at',
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
  return lead(d.leadId, {
    first_touch_at: at,
    first_touch_sdr_id: d.sdrId,
    contacted_at: when(CONVERSATION_OUTCOMES.includes(d.outcome)),
    positive_at: when(d.outcome === 'positive'),
    negative_at: when(d.outcome === 'negative'),
    callback_at: when(d.outcome === 'callback'),
  });
}

function leadFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'LeadCaptured': {
      const d = dataOf<LeadCaptured>(event);
      const { source, inbound, vendorId, listId, campaignId } = d;
      return [
        lead(d.leadId, { captured_at: iso(d.capturedAt), source, inbound, vendor_id: vendorId, list_id: listId, campaign_id: campaignId }),
      ];
    }
    case 'LeadDuplicateCaptured': {
      const { leadId, matchedOn, capture } = dataOf<LeadDuplicateCaptured>(event);
      const row = {
        lead_id: leadId,
        capture_id: capture.captureId,
        matched_on: matchedOn,
        source: capture.source,
        vendor_id: capture.vendorId,
      };
      return [[LEAD_DUPLICATES, { ...row, campaign_id: capture.campaignId, captured_at: iso(capture.capturedAt) }]];
    }
    case 'LeadDuplicateUnmerged': {
      const d = dataOf<LeadDuplicateUnmerged>(event);
      return [[LEAD_DUPLICATES, { lead_id: d.leadId, capture_id: d.captureId, unmerged_at: iso(d.unmergedAt), new_lead_id: d.newLeadId }]];
    }
    case 'LeadFlaggedIncomplete':
      return [lead(dataOf<LeadFlaggedIncomplete>(event).leadId, { incomplete: true })];
    case 'LeadEnriched': {
      const d = dataOf<LeadEnriched>(event);
      return [lead(d.leadId, { enriched_at: iso(d.enrichedAt), segment: d.segment, territory: d.territory })];
    }
    case 'LeadScored': {
      const d = dataOf<LeadScored>(event);
      return [lead(d.leadId, { scored_at: iso(d.scoredAt), score: d.score, grade: d.grade })];
    }
    case 'LeadAssigned': {
      const d = dataOf<LeadAssigned>(event);
      const at = iso(d.assignedAt);
      return [lead(d.leadId, { assigned_at: at, team: d.team, first_sdr_id: d.sdrId, owner_since: at, sdr_id: d.sdrId })];
    }
    case 'LeadReassigned': {
      const d = dataOf<LeadReassigned>(event);
      return [lead(d.leadId, { owner_since: iso(d.reassignedAt), sdr_id: d.sdrId })];
    }
    case 'ActivityLogged':
      return [activityFacts(dataOf<ActivityLogged>(event))];
    case 'LeadQualified': {
      const d = dataOf<LeadQualified>(event);
      return [lead(d.leadId, { qualified_at: iso(d.at), qualified_sdr_id: d.sdrId })];
    }
    case 'LeadDisqualified': {
      const d = dataOf<LeadDisqualified>(event);
      return [lead(d.leadId, { disqualified_at: iso(d.at), disqualified_sdr_id: d.sdrId, disqualify_reason: d.reason })];
    }
    default: {
      const column = STAGE_COLUMN[event.type];
      const d = dataOf<StageEvent>(event);
      return column ? [lead(d.leadId, { [column]: iso(d.at) })] : [];
    }
  }
}

export const LEADS_READ_MODEL = defineReadModel({
  name: 'leads',
  tables: [LEADS, LEAD_DUPLICATES],
  eventTypes: [
    'LeadCaptured',
    'LeadDuplicateCaptured',
    'LeadDuplicateUnmerged',
    'LeadFlaggedIncomplete',
    'LeadEnriched',
    'LeadScored',
    'LeadAssigned',
    'LeadReassigned',
    'ActivityLogged',
    'LeadQualified',
    'LeadDisqualified',
    ...Object.keys(STAGE_COLUMN),
  ],
  facts: leadFacts,
});
