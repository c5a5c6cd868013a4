import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, known, runMetric, runPage, windowParams, type MetricWindow, type Page, type PageRequest } from '../metric-sql';
import { OPPORTUNITY_FACTS } from './opportunities.read-model';

const LOST = `lost AS (
  ${foldAsOf(OPPORTUNITY_FACTS, ['lead_id', 'opened_at', 'lost_at', 'lost_by_ae_id', 'lost_reason', 'hopeless'])}
)`;

/**
 * Deals lost in the window (by loss time, up to `as_of`, as known at `known_at`), newest first: who
 * lost them (fixed at the loss), why, whether the prospect is hopeless (recycled), the days it was
 * open and the stage it had entered last before the loss, with the lead's dimensions as of `as_of`.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 AE filter, $6 reason filter, $7 limit, $8 offset.
 */
export const LOST_DEALS_SQL = `WITH ${LOST}, leads AS (
  ${foldAsOf(LEAD_FACTS, ['segment', 'source', 'vendor_id', 'campaign_id'])}
)
SELECT o.opportunity_id, o.lead_id, o.lost_by_ae_id AS ae_id, o.lost_reason AS reason, o.hopeless,
       o.opened_at, o.lost_at,
       round((EXTRACT(EPOCH FROM o.lost_at - o.opened_at) / 86400)::numeric, 1)::float8 AS days_open,
       (SELECT e.to_stage FROM metrics.opportunity_events e
        WHERE e.opportunity_id = o.opportunity_id AND e.kind IN ('opened', 'stage') AND e.at <= o.lost_at AND ${known('e')}
        ORDER BY e.at DESC, e.kind = 'stage' DESC, e.event_id DESC LIMIT 1) AS lost_in_stage,
       l.segment, l.source, l.vendor_id, l.campaign_id,
       count(*) OVER ()::int AS total
FROM lost o LEFT JOIN leads l ON l.lead_id = o.lead_id
WHERE o.lost_at >= $3::timestamptz AND o.lost_at < $4::timestamptz
  AND ($5::text IS NULL OR o.lost_by_ae_id = $5::text)
  AND ($6::text IS NULL OR o.lost_reason = $6::text)
ORDER BY o.lost_at DESC, o.opportunity_id
LIMIT $7::int OFFSET $8::int`;

/**
 * Lost deals in the window grouped by reason, most first, with each reason's share of the losses.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 AE filter, $6 reason filter.
 */
export const LOST_REASONS_SQL = `WITH ${LOST}
SELECT o.lost_reason AS reason,
       count(*)::int AS lost,
       count(*) FILTER (WHERE o.hopeless)::int AS hopeless,
       count(*)::float8 / sum(count(*)) OVER () AS share
FROM lost o
WHERE o.lost_at >= $3::timestamptz AND o.lost_at < $4::timestamptz
  AND ($5::text IS NULL OR o.lost_by_ae_id = $5::text)
  AND ($6::text IS NULL OR o.lost_reason = $6::text)
GROUP BY o.lost_reason
ORDER BY lost DESC, reason`;

export interface LostDealsFilter extends MetricWindow {
  readonly aeId?: string;
  readonly reason?: string;
}

export interface LostDealRow {
  readonly opportunity_id: string;
  readonly lead_id: string | null;
  readonly ae_id: string | null;
  readonly reason: string | null;
  readonly hopeless: boolean | null;
  readonly opened_at: Date | null;
  readonly lost_at: Date;
  readonly days_open: number | null;
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

const filterParams = (p: LostDealsFilter): unknown[] => [...windowParams(p), p.aeId ?? null, p.reason ?? null];

export function lostDeals(db: SqlExecutor, p: LostDealsFilter & PageRequest): Promise<Page<LostDealRow>> {
  return runPage<LostDealRow & { total: number }>(db, LOST_DEALS_SQL, p.schema, filterParams(p), p);
}

export function lostReasons(db: SqlExecutor, p: LostDealsFilter): Promise<LostReasonRow[]> {
  return runMetric(db, LOST_REASONS_SQL, p.schema, filterParams(p));
}
