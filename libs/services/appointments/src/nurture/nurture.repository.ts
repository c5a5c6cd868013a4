import type { LeadRecycled, ProspectNurtured } from '@leadline/domain';
import type { SqlExecutor } from '@leadline/event-store';

export interface NurtureRow {
  lead_id: string;
  status: 'nurtured' | 'returned' | 'recycled';
  original_ae_id: string | null;
  return_by: Date | null;
  reason: string;
  nurtured_at: Date | null;
  year_timer_id: string | null;
  returned_at: Date | null;
  recycled_at: Date | null;
  available_to_outbound_at: Date | null;
}

export async function findNurture(tx: SqlExecutor, leadId: string): Promise<NurtureRow | null> {
  const { rows } = await tx.query<NurtureRow>('select * from appointments.nurture_prospects where lead_id = $1', [leadId]);
  return rows[0] ?? null;
}

export async function listNurture(tx: SqlExecutor, status: NurtureRow['status']): Promise<NurtureRow[]> {
  const order = status === 'nurtured' ? 'return_by' : status === 'recycled' ? 'available_to_outbound_at' : 'returned_at';
  const { rows } = await tx.query<NurtureRow>(`select * from appointments.nurture_prospects where status = $1 order by ${order}, lead_id`, [
    status,
  ]);
  return rows;
}

export async function recordNurtured(tx: SqlExecutor, event: ProspectNurtured['data'], yearTimerId: string): Promise<void> {
  await tx.query(
    `insert into appointments.nurture_prospects (lead_id, status, original_ae_id, return_by, reason, nurtured_at, year_timer_id, updated_at)
     values ($1, 'nurtured', $2, $3, $4, $5, $6, $5)
     on conflict (lead_id) do update set status = 'nurtured', original_ae_id = excluded.original_ae_id, return_by = excluded.return_by,
       reason = excluded.reason, nurtured_at = excluded.nurtured_at, year_timer_id = excluded.year_timer_id, returned_at = null,
       recycled_at = null, available_to_outbound_at = null, updated_at = excluded.updated_at`,
    [event.leadId, event.originalAeId, event.returnBy, event.reason, event.at, yearTimerId],
  );
}

export async function recordReturned(tx: SqlExecutor, leadId: string, at: string): Promise<void> {
  await tx.query(`update appointments.nurture_prospects set status = 'returned', returned_at = $2, updated_at = $2 where lead_id = $1`, [
    leadId,
    at,
  ]);
}

export async function recordRecycled(tx: SqlExecutor, event: LeadRecycled['data']): Promise<void> {
  await tx.query(
    `insert into appointments.nurture_prospects (lead_id, status, reason, recycled_at, available_to_outbound_at, updated_at)
     values ($1, 'recycled', $2, $3, $4, $3)
     on conflict (lead_id) do update set status = 'recycled', reason = excluded.reason, recycled_at = excluded.recycled_at,
       available_to_outbound_at = excluded.available_to_outbound_at, updated_at = excluded.updated_at`,
    [event.leadId, event.reason, event.at, event.availableToOutboundAt],
  );
}
