import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { OPPORTUNITY_FACTS } from '../opportunities/opportunities.read-model';
import { LEAD_FACTS } from './leads.tables';

/**
 * Implied lead value per segment and lead type (source) = P(won | segment, source) × average deal
 * size of the segment, learnt from history: leads captured before the window (won by `as_of`), and
 * their won deals, as known at `known_at`. A configured value for a (segment, source) replaces the
 * learnt one. Basis: `configuration`, `history`, or `none` (no history, no configuration: valued at 0).
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 configured values [{segment, source, value}].
 */
const LEAD_VALUES = `WITH leads AS (
  ${foldAsOf(LEAD_FACTS, ['captured_at', 'source', 'segment', 'qualified_at', 'won_at'])}
), opportunities AS (
  ${foldAsOf(OPPORTUNITY_FACTS, ['lead_id', 'won_at', 'amount'])}
), history AS (
  SELECT l.segment, l.source, count(*) AS leads, count(l.won_at) AS won
  FROM leads l
  WHERE l.captured_at < $3::timestamptz
  GROUP BY l.segment, l.source
), deal_size AS (
  SELECT l.segment, avg(o.amount) AS avg_deal_size
  FROM opportunities o JOIN leads l ON l.lead_id = o.lead_id
  WHERE o.won_at IS NOT NULL AND l.captured_at < $3::timestamptz
  GROUP BY l.segment
), configured AS (
  SELECT c.segment, c.source, c.value FROM jsonb_to_recordset($5::jsonb) AS c(segment text, source text, value float8)
), period AS (
  SELECT l.segment, l.source, count(*) AS leads, count(l.qualified_at) AS qualified
  FROM leads l
  WHERE l.captured_at >= $3::timestamptz AND l.captured_at < $4::timestamptz
  GROUP BY l.segment, l.source
), valued AS (
  SELECT k.segment, k.source,
         COALESCE(h.leads, 0) AS history_leads, COALESCE(h.won, 0) AS history_won,
         h.won::float8 / NULLIF(h.leads, 0) AS p_won,
         d.avg_deal_size::float8 AS avg_deal_size,
         c.value AS configured_value,
         CASE WHEN c.value IS NOT NULL THEN c.value
              WHEN h.won = 0 THEN 0
              ELSE h.won::float8 / NULLIF(h.leads, 0) * d.avg_deal_size::float8 END AS value_per_lead,
         CASE WHEN c.value IS NOT NULL THEN 'configuration' WHEN h.leads > 0 THEN 'history' ELSE 'none' END AS basis,
         COALESCE(p.leads, 0) AS leads, COALESCE(p.qualified, 0) AS qualified
  FROM (SELECT segment, source FROM history UNION SELECT segment, source FROM period
        UNION SELECT segment, source FROM configured) k
  LEFT JOIN history h ON h.segment IS NOT DISTINCT FROM k.segment AND h.source IS NOT DISTINCT FROM k.source
  LEFT JOIN deal_size d ON d.segment IS NOT DISTINCT FROM k.segment
  LEFT JOIN configured c ON c.segment = k.segment AND c.source = k.source
  LEFT JOIN period p ON p.segment IS NOT DISTINCT FROM k.segment AND p.source IS NOT DISTINCT FROM k.source
)`;

/** Per (segment, source): the learnt or configured value of one lead, and the value of the window's leads. */
export const IMPLIED_LEAD_VALUES_SQL = `${LEAD_VALUES}
SELECT segment, source, history_leads::int, history_won::int, p_won, avg_deal_size, configured_value, value_per_lead, basis,
       leads::int, qualified::int,
       (leads * COALESCE(value_per_lead, 0))::float8 AS implied_value,
       (qualified * COALESCE(value_per_lead, 0))::float8 AS qualified_value
FROM valued
ORDER BY segment NULLS FIRST, source NULLS FIRST`;

/**
 * Marketing SLA per segment: implied value of the leads captured in the window (Σ leads × value per
 * lead) against the segment's quota for the window; attainment = implied value / quota. Also the
 * qualified leads among them and their value.
 * $1 as_of, $2 known_at, $3 from, $4 to, $5 configured values, $6 quotas [{segment, quota}].
 */
export const MARKETING_SLA_SQL = `${LEAD_VALUES}, by_segment AS (
  SELECT segment, sum(leads) AS leads, sum(leads * COALESCE(value_per_lead, 0)) AS implied_value,
         sum(qualified) AS qualified, sum(qualified * COALESCE(value_per_lead, 0)) AS qualified_value
  FROM valued
  GROUP BY segment
  HAVING sum(leads) > 0
), quotas AS (
  SELECT q.segment, q.quota FROM jsonb_to_recordset($6::jsonb) AS q(segment text, quota float8)
)
SELECT COALESCE(s.segment, q.segment) AS segment,
       COALESCE(s.leads, 0)::int AS leads,
       COALESCE(s.implied_value, 0)::float8 AS implied_value,
       q.quota,
       COALESCE(s.implied_value, 0)::float8 / NULLIF(q.quota, 0) AS attainment,
       COALESCE(s.qualified, 0)::int AS qualified_leads,
       COALESCE(s.qualified_value, 0)::float8 AS qualified_value
FROM by_segment s FULL JOIN quotas q ON q.segment = s.segment
ORDER BY 1 NULLS FIRST`;

export interface LeadValueConfig {
  readonly segment: string;
  readonly source: string;
  /** Value of one lead of this segment and type, replacing the one learnt from history. */
  readonly value: number;
}

export interface SegmentQuota {
  readonly segment: string;
  /** Implied lead value marketing owes for the window. */
  readonly quota: number;
}

export interface ImpliedLeadValuesParams extends MetricWindow {
  readonly leadValues?: readonly LeadValueConfig[];
}

export interface MarketingSlaParams extends ImpliedLeadValuesParams {
  readonly quotas?: readonly SegmentQuota[];
}

export interface ImpliedLeadValueRow {
  readonly segment: string | null;
  readonly source: string | null;
  readonly history_leads: number;
  readonly history_won: number;
  readonly p_won: number | null;
  readonly avg_deal_size: number | null;
  readonly configured_value: number | null;
  readonly value_per_lead: number | null;
  readonly basis: 'configuration' | 'history' | 'none';
  readonly leads: number;
  readonly qualified: number;
  readonly implied_value: number;
  readonly qualified_value: number;
}

export interface MarketingSlaRow {
  readonly segment: string | null;
  readonly leads: number;
  readonly implied_value: number;
  readonly quota: number | null;
  readonly attainment: number | null;
  readonly qualified_leads: number;
  readonly qualified_value: number;
}

export function impliedLeadValues(db: SqlExecutor, p: ImpliedLeadValuesParams): Promise<ImpliedLeadValueRow[]> {
  return runMetric(db, IMPLIED_LEAD_VALUES_SQL, p.schema, [...windowParams(p), JSON.stringify(p.leadValues ?? [])]);
}

export function marketingSla(db: SqlExecutor, p: MarketingSlaParams): Promise<MarketingSlaRow[]> {
  return runMetric(db, MARKETING_SLA_SQL, p.schema, [
    ...windowParams(p),
    JSON.stringify(p.leadValues ?? []),
    JSON.stringify(p.quotas ?? []),
  ]);
}
