import type { OpportunityState } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface LeadOpportunityRow {
  lead_id: string;
  opportunity_id: string;
  ae_id: string;
  status: 'open' | 'won' | 'lost';
  stage: string;
  opened_at: Date;
}

export async function findByLead(tx: SqlExecutor, leadId: string): Promise<LeadOpportunityRow | null> {
  const { rows } = await tx.query<LeadOpportunityRow>('select * from appointments.opportunity_by_lead where lead_id = $1', [leadId]);
  return rows[0] ?? null;
}

/** Keeps the lead's current opportunity row in step with the state just decided. */
export async function saveOpportunity(tx: SqlExecutor, state: OpportunityState, at: string, openedAt?: string): Promise<void> {
  if (state.status === 'none') return;
  await tx.query(
    `insert into appointments.opportunity_by_lead (lead_id, opportunity_id, ae_id, status, stage, opened_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (lead_id) do update set opportunity_id = excluded.opportunity_id, ae_id = excluded.ae_id, status = excluded.status,
       stage = excluded.stage, opened_at = case when appointments.opportunity_by_lead.opportunity_id = excluded.opportunity_id
       then appointments.opportunity_by_lead.opened_at else excluded.opened_at end, updated_at = excluded.updated_at`,
    [state.leadId, state.opportunityId, state.aeId, state.status, state.stage, openedAt ?? at, at],
  );
}
