import type { OpportunityHandedOver, OpportunityLost, OpportunityOpened, OpportunityStageChanged, OpportunityWon } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import { defineReadModel, iso, type Fact } from '../define-read-model';
import { dataOf } from '../event-data';
import { atMin, col, first, keep, key, latest, RECORDED, type FactTable } from '../fact-table';
import type { HistoryTable } from '../history-table';

/**
 * Every opportunity's history (`opportunity_facts`) and, folded, the opportunity
 * (`opportunities`): opener, owner and stage (as of T), and the win terms or loss reason.
 */
export const OPPORTUNITY_FACTS: HistoryTable = {
  name: 'opportunity_facts',
  view: 'opportunities',
  keys: ['opportunity_id'],
  columns: [
    keep('lead_id'),
    keep('appointment_id'),
    first('opened_at'),
    atMin('opened_by_ae_id', 'opened_at'),
    latest('owner_since', 'timestamptz'),
    latest('ae_id', 'text', 'owner_since'),
    latest('stage_at', 'timestamptz'),
    latest('stage', 'text', 'stage_at'),
    first('won_at'),
    atMin('won_by_ae_id', 'won_at'),
    atMin('amount', 'won_at', 'numeric'),
    atMin('margin', 'won_at', 'numeric'),
    atMin('contract_term_months', 'won_at', 'integer'),
    atMin('renewal_date', 'won_at', 'timestamptz'),
    atMin('segment', 'won_at'),
    first('lost_at'),
    atMin('lost_by_ae_id', 'lost_at'),
    atMin('lost_reason', 'lost_at'),
    atMin('hopeless', 'lost_at', 'boolean'),
  ],
};

/**
 * Every event of an opportunity's life, in one shape: `opened` (enters discovery), `stage`
 * (from → to), `handover` (owner from → to), `won`, `lost`. Time in stage and the owner as of a
 * moment are read from it.
 */
export const OPPORTUNITY_EVENTS: FactTable = {
  name: 'opportunity_events',
  insertOnly: true,
  columns: [
    key('event_id'),
    col('opportunity_id'),
    col('lead_id'),
    col('kind'),
    col('from_stage'),
    col('to_stage'),
    col('from_ae_id'),
    col('ae_id'),
    col('at', 'timestamptz'),
    ...RECORDED,
  ],
  indexes: ['opportunity_id, at'],
};

type Step = { kind: string; from_stage: string | null; to_stage: string | null; from_ae_id: string | null; ae_id: string | null };

function step(event: RecordedEvent, d: { opportunityId: string; leadId: string; at: string }, s: Step): Fact {
  return [OPPORTUNITY_EVENTS, { event_id: event.id, opportunity_id: d.opportunityId, lead_id: d.leadId, ...s, at: iso(d.at) }];
}

const opportunity = (
  d: { opportunityId: string; leadId: string; at: string },
  row: Record<string, string | number | boolean | null>,
): Fact => [OPPORTUNITY_FACTS, { opportunity_id: d.opportunityId, lead_id: d.leadId, at: iso(d.at), ...row }];

function opportunityFacts(event: RecordedEvent): readonly Fact[] {
  switch (event.type) {
    case 'OpportunityOpened': {
      const d = dataOf<OpportunityOpened>(event);
      const at = iso(d.at);
      const row = {
        appointment_id: d.appointmentId,
        opened_at: at,
        opened_by_ae_id: d.aeId,
        owner_since: at,
        ae_id: d.aeId,
        stage_at: at,
        stage: 'discovery',
      };
      return [
        opportunity(d, row),
        step(event, d, { kind: 'opened', from_stage: null, to_stage: 'discovery', from_ae_id: null, ae_id: d.aeId }),
      ];
    }
    case 'OpportunityStageChanged': {
      const d = dataOf<OpportunityStageChanged>(event);
      return [
        opportunity(d, { stage_at: iso(d.at), stage: d.to }),
        step(event, d, { kind: 'stage', from_stage: d.from, to_stage: d.to, from_ae_id: null, ae_id: null }),
      ];
    }
    case 'OpportunityHandedOver': {
      const d = dataOf<OpportunityHandedOver>(event);
      const row = { owner_since: iso(d.at), ae_id: d.aeId };
      return [
        opportunity(d, row),
        step(event, d, { kind: 'handover', from_stage: null, to_stage: null, from_ae_id: d.fromAeId, ae_id: d.aeId }),
      ];
    }
    case 'OpportunityWon': {
      const d = dataOf<OpportunityWon>(event);
      const at = iso(d.at);
      const terms = {
        amount: d.amount,
        margin: d.margin,
        contract_term_months: d.contractTermMonths,
        renewal_date: iso(d.renewalDate),
        segment: d.segment,
      };
      return [
        opportunity(d, { stage_at: at, stage: 'won', won_at: at, won_by_ae_id: d.aeId, ...terms }),
        step(event, d, { kind: 'won', from_stage: null, to_stage: 'won', from_ae_id: null, ae_id: d.aeId }),
      ];
    }
    case 'OpportunityLost': {
      const d = dataOf<OpportunityLost>(event);
      const at = iso(d.at);
      const row = { stage_at: at, stage: 'lost', lost_at: at, lost_by_ae_id: d.aeId, lost_reason: d.reason, hopeless: d.hopeless };
      return [opportunity(d, row), step(event, d, { kind: 'lost', from_stage: null, to_stage: 'lost', from_ae_id: null, ae_id: d.aeId })];
    }
    default:
      return [];
  }
}

export const OPPORTUNITIES_READ_MODEL = defineReadModel({
  name: 'opportunities',
  tables: [OPPORTUNITY_FACTS, OPPORTUNITY_EVENTS],
  eventTypes: ['OpportunityOpened', 'OpportunityStageChanged', 'OpportunityHandedOver', 'OpportunityWon', 'OpportunityLost'],
  facts: opportunityFacts,
});
