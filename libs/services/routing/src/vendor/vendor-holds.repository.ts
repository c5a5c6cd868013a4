import type { VendorHoldStatus } from '@leadline/domain';
import { isoTime, type SqlExecutor } from '@leadline/event-store';

export type HoldStatus = VendorHoldStatus;

export interface VendorHold {
  readonly leadId: string;
  readonly vendorId: string | null;
  readonly listId: string | null;
  readonly status: HoldStatus;
  /** The LeadScored that found the lead held: the assignment's cause once the lead is released. */
  readonly scoreEventId: string | null;
  readonly correlationId: string | null;
  readonly heldSince: string;
  readonly settledAt: string | null;
}

interface HoldRow {
  lead_id: string;
  vendor_id: string | null;
  list_id: string | null;
  status: HoldStatus;
  score_event_id: string | null;
  correlation_id: string | null;
  held_since: Date | string;
  settled_at: Date | string | null;
}

const COLUMNS = 'lead_id, vendor_id, list_id, status, score_event_id, correlation_id, held_since, settled_at';

function toHold(row: HoldRow): VendorHold {
  return {
    leadId: row.lead_id,
    vendorId: row.vendor_id,
    listId: row.list_id,
    status: row.status,
    scoreEventId: row.score_event_id,
    correlationId: row.correlation_id,
    heldSince: new Date(row.held_since).toISOString(),
    settledAt: isoTime(row.settled_at),
  };
}

export interface ScoredHold {
  readonly leadId: string;
  readonly vendorId: string;
  readonly listId: string | null;
  readonly scoreEventId: string;
  readonly correlationId: string;
  readonly at: string;
}

/**
 * A vendor lead was scored: remember the score (the assignment's cause later) and answer whether
 * its list was already released. One upsert, so a release committing concurrently is seen by
 * exactly one side: whichever takes the row second finds the other's write.
 */
export async function holdOnScore(tx: SqlExecutor, hold: ScoredHold): Promise<VendorHold> {
  return (await holdOnScores(tx, [hold])).get(hold.leadId) as VendorHold;
}

/** holdOnScore for several leads (each at most once) in one upsert; each lead's hold by its id. */
export async function holdOnScores(tx: SqlExecutor, holds: readonly ScoredHold[]): Promise<Map<string, VendorHold>> {
  if (holds.length === 0) return new Map();
  const column = <K extends keyof ScoredHold>(key: K) => holds.map((hold) => hold[key]);
  const { rows } = await tx.query<HoldRow>(
    `insert into routing.vendor_holds (lead_id, vendor_id, list_id, status, score_event_id, correlation_id, held_since)
     select lead_id, vendor_id, list_id, 'held', score_event_id, correlation_id, held_since
       from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[])
         as h(lead_id, vendor_id, list_id, score_event_id, correlation_id, held_since)
     on conflict (lead_id) do update set score_event_id = excluded.score_event_id, correlation_id = excluded.correlation_id,
       vendor_id = coalesce(routing.vendor_holds.vendor_id, excluded.vendor_id), list_id = coalesce(routing.vendor_holds.list_id, excluded.list_id)
     returning ${COLUMNS}`,
    [column('leadId'), column('vendorId'), column('listId'), column('scoreEventId'), column('correlationId'), column('at')],
  );
  return new Map(rows.map((row) => [row.lead_id, toHold(row)]));
}

/** A vendor list arrived at appointments: every lead on it is held until released (status of known leads unchanged), in one statement. */
export async function holdListed(
  tx: SqlExecutor,
  list: { vendorId: string; listId: string; leadIds: readonly string[]; at: string },
): Promise<void> {
  await tx.query(
    `insert into routing.vendor_holds (lead_id, vendor_id, list_id, status, held_since)
     select distinct lead_id, $2, $3, 'held', $4::timestamptz from unnest($1::text[]) as l(lead_id)
     on conflict (lead_id) do update set vendor_id = excluded.vendor_id, list_id = excluded.list_id`,
    [list.leadIds, list.vendorId, list.listId, list.at],
  );
}

/** Released holds left to assign wake the drain when their settlement commits (payload empty). */
export const RELEASES_CHANNEL = 'leadline_routing_releases';

/**
 * Appointments released or archived these leads: every hold settled in one statement. A released
 * lead that was already scored and has no assignment yet is marked `to_assign` (with its place in
 * the release), the durable note the drain (ReleasedHoldsDrain) assigns from in small transactions
 * of its own; an archived lead leaves the unrouted queue (it is never assigned). Notifies
 * RELEASES_CHANNEL on commit when there is anything to assign; returns how many leads are.
 */
export async function settleHolds(
  tx: SqlExecutor,
  settle: { vendorId: string; leadIds: readonly string[]; status: 'released' | 'archived'; at: string; eventId: string },
): Promise<number> {
  const { rows } = await tx.query<{ to_assign: string }>(
    `with listed as (
       select distinct on (lead_id) lead_id, pos from unnest($1::text[]) with ordinality as l(lead_id, pos) order by lead_id, pos
     ), settled as (
       insert into routing.vendor_holds (lead_id, vendor_id, status, held_since, settled_at, settled_by, release_pos)
       select lead_id, $2, $3, $4::timestamptz, $4::timestamptz, $5::uuid, pos from listed
       on conflict (lead_id) do update set status = excluded.status, settled_at = excluded.settled_at, settled_by = excluded.settled_by,
         vendor_id = coalesce(routing.vendor_holds.vendor_id, excluded.vendor_id), release_pos = excluded.release_pos,
         to_assign = excluded.status = 'released' and routing.vendor_holds.score_event_id is not null
           and not exists (select 1 from routing.assignments a where a.lead_id = routing.vendor_holds.lead_id)
       returning lead_id, status, to_assign
     ), cleared as (
       delete from routing.unrouted u using settled s where u.lead_id = s.lead_id and s.status = 'archived'
     ), counted as (
       select count(*) filter (where to_assign) as n from settled
     )
     select n::text as to_assign, (select pg_notify('${RELEASES_CHANNEL}', '') where n > 0) from counted`,
    [settle.leadIds, settle.vendorId, settle.status, settle.at, settle.eventId],
  );
  return Number(rows[0]?.to_assign ?? 0);
}

export interface ReleasedHold {
  readonly leadId: string;
  readonly scoreEventId: string;
  readonly correlationId: string | null;
}

/**
 * Claims up to `limit` released holds left to assign, oldest release first and in each release's
 * order; skip locked, so two drains never take the same lead (they also serialise on the routing lock).
 */
export async function claimReleased(tx: SqlExecutor, limit: number): Promise<ReleasedHold[]> {
  const { rows } = await tx.query<{ lead_id: string; score_event_id: string; correlation_id: string | null }>(
    `select lead_id, score_event_id, correlation_id from routing.vendor_holds
      where to_assign order by settled_at, settled_by, release_pos, lead_id limit $1 for update skip locked`,
    [limit],
  );
  return rows.map((r) => ({ leadId: r.lead_id, scoreEventId: r.score_event_id, correlationId: r.correlation_id }));
}

/** The drain's chunk dealt with these released holds (assigned, queued as unrouted, or found routed): in the chunk's transaction. */
export async function releasedDone(tx: SqlExecutor, leadIds: readonly string[]): Promise<void> {
  await tx.query('update routing.vendor_holds set to_assign = false where lead_id = any($1::text[]) and to_assign', [leadIds]);
}

export async function findHold(tx: SqlExecutor, leadId: string): Promise<VendorHold | null> {
  const { rows } = await tx.query<HoldRow>(`select ${COLUMNS} from routing.vendor_holds where lead_id = $1`, [leadId]);
  return rows[0] ? toHold(rows[0]) : null;
}
