import { isoTime, type SqlExecutor } from '@leadline/event-store';

export type RecycleStatus = 'cooling-off' | 'waiting-for-sdr' | 'reopened' | 'stale';

export interface RecycledLead {
  readonly timerId: string;
  readonly leadId: string;
  readonly reason: string;
  readonly recycledAt: string;
  readonly availableToOutboundAt: string;
  readonly status: RecycleStatus;
  readonly sdrId: string | null;
  readonly reopenedAt: string | null;
}

/** A recycled lead's cool-off, recorded with its timer (a redelivered LeadRecycled records nothing new). */
export async function recordRecycled(
  tx: SqlExecutor,
  recycle: { timerId: string; leadId: string; reason: string; recycledAt: string; availableToOutboundAt: string },
): Promise<void> {
  await tx.query(
    `insert into routing.recycled_leads (timer_id, lead_id, reason, recycled_at, available_at, status) values ($1, $2, $3, $4, $5, 'cooling-off')
     on conflict (timer_id) do nothing`,
    [recycle.timerId, recycle.leadId, recycle.reason, recycle.recycledAt, recycle.availableToOutboundAt],
  );
}

export async function markRecycle(
  tx: SqlExecutor,
  timerId: string,
  status: RecycleStatus,
  reopened?: { sdrId: string; at: string },
): Promise<void> {
  await tx.query('update routing.recycled_leads set status = $2, sdr_id = $3, reopened_at = $4 where timer_id = $1', [
    timerId,
    status,
    reopened?.sdrId ?? null,
    reopened?.at ?? null,
  ]);
}

/** The lead's latest recycle, if any. */
export async function latestRecycle(tx: SqlExecutor, leadId: string): Promise<RecycledLead | null> {
  const { rows } = await tx.query<{
    timer_id: string;
    lead_id: string;
    reason: string;
    recycled_at: Date | string;
    available_at: Date | string;
    status: RecycleStatus;
    sdr_id: string | null;
    reopened_at: Date | string | null;
  }>('select * from routing.recycled_leads where lead_id = $1 order by recycled_at desc limit 1', [leadId]);
  const row = rows[0];
  if (!row) return null;
  return {
    timerId: row.timer_id,
    leadId: row.lead_id,
    reason: row.reason,
    recycledAt: new Date(row.recycled_at).toISOString(),
    availableToOutboundAt: new Date(row.available_at).toISOString(),
    status: row.status,
    sdrId: row.sdr_id,
    reopenedAt: isoTime(row.reopened_at),
  };
}
