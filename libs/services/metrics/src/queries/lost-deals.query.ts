import type { SqlExecutor } from '@leadline/event-store';
import { runQuery, windowParams, type QueryWindow } from './query-sql';

/**
 * Deals lost in the window (by loss time, up to `as_of`): who lost them, why, whether the prospect
 * is hopeless (recycled) and the stage they were lost in, with the lead's dimensions.
 * $1 as_of, $2 from, $3 to, $4 limit, $5 offset.
 */
export const LOST_DEALS_SQL = `SELECT o.opportunity_id, o.lead_id, o.lost_by_ae_id AS ae_id, o.lost_reason AS reason, o.hopeless,
       o.opened_at, o.lost_at,
       (SELECT e.to_stage FROM metrics.opportunity_events e
        WHERE e.opportunity_id = o.opportunity_id AND e.kind IN ('opened', 'stage') AND e.at <= o.lost_at
        ORDER BY e.at DESC, e.kind = 'stage' DESC LIMIT 1) AS lost_in_stage,
       l.segment, l.source, l.vendor_id, l.campaign_id
FROM metrics.opportunities o LEFT JOIN metrics.leads l ON l.lead_id = o.lead_id
WHERE o.lost_at <= $1::timestamptz AND o.lost_at >= $2::timestamptz AND o.lost_at < $3::timestamptz
ORDER BY o.lost_at, o.opportunity_id
LIMIT $4::int OFFSET $5::int`;

/** Lost deals in the window grouped by reason, with each reason's share of the losses. $1 as_of, $2 from, $3 to. */
export const LOST_REASONS_SQL = `SELECT o.lost_reason AS reason,
       count(*)::int AS lost,
       count(*) FILTER (WHERE o.hopeless)::int AS hopeless,
       count(*)::float8 / sum(count(*)) OVER () AS share
FROM metrics.opportunities o
WHERE o.lost_at <= $1::timestamptz AND o.lost_at >= $2::timestamptz AND o.lost_at < $3::timestamptz
GROUP BY o.lost_reason
ORDER BY lost DESC, reason`;

export interface LostDealsParams extends QueryWindow {
  readonly limit?: number;
  readonly offset?: number;
}

export interface LostDealRow {
  readonly opportunity_id: string;
  readonly lead_id: string | null;
  readonly ae_id: string | null;
  readonly reason: string | null;
  readonly hopeless: boolean | null;
  readonly opened_at: Date | null;
  readonly lost_at: Date;
  readonly lost_in_stage: string | null;
  readonly segment: string | null;
  readonly source: string | null;
  readonly vendor_id: string | null;
  readonly campaign_id: string | null;
}

export interface LostReasonRow {
  readonly reason: string | null;
  readonly lost: number;
  readonly hopeless: number;
  readonly share: number;
}

export function lostDeals(db: SqlExecutor, p: LostDealsParams): Promise<LostDealRow[]> {
  return runQuery(db, LOST_DEALS_SQL, p.schema, [...windowParams(p), p.limit ?? 100, p.offset ?? 0]);
}

export function lostReasons(db: SqlExecutor, p: QueryWindow): Promise<LostReasonRow[]> {
  return runQuery(db, LOST_REASONS_SQL, p.schema, windowParams(p));
}
