import type { SqlExecutor } from '@leadline/event-store';
import { CUSTOMER_FACTS } from '../customers/customers.read-model';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * Customer acquisition cost per spend month (months whose first day lies in the window) and
 * currency: spend entered by `as_of` (as known at `known_at`) for the month / customers created in
 * the month; cost per qualified lead: the same spend / leads first qualified in the month. A month
 * without recorded spend has no row.
 * $1 as_of, $2 known_at, $3 from, $4 to.
 */
export const CAC_SQL = `WITH spend AS (
  SELECT s.period, s.currency, sum(s.amount) AS spend
  FROM metrics.spend s
  WHERE s.at <= $1::timestamptz AND ${known('s')}
  GROUP BY s.period, s.currency
), customers AS (
  ${foldAsOf(CUSTOMER_FACTS, ['created_at'])}
), new_customers AS (
  SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, count(*) AS customers
  FROM customers c WHERE c.created_at IS NOT NULL GROUP BY 1
), leads AS (
  ${foldAsOf(LEAD_FACTS, ['qualified_at'])}
), qualified AS (
  SELECT to_char(l.qualified_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, count(*) AS leads
  FROM leads l WHERE l.qualified_at IS NOT NULL GROUP BY 1
)
SELECT s.period AS month, s.currency, s.spend::float8 AS spend,
       COALESCE(n.customers, 0)::int AS new_customers,
       (s.spend / NULLIF(n.customers, 0))::float8 AS cac,
       COALESCE(q.leads, 0)::int AS qualified_leads,
       (s.spend / NULLIF(q.leads, 0))::float8 AS cost_per_qualified_lead
FROM spend s
LEFT JOIN new_customers n ON n.period = s.period
LEFT JOIN qualified q ON q.period = s.period
WHERE ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') >= $3::timestamptz
  AND ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') < $4::timestamptz
ORDER BY s.period, s.currency`;

export interface CacRow {
  readonly month: string;
  readonly currency: string;
  readonly spend: number;
  readonly new_customers: number;
  readonly cac: number | null;
  readonly qualified_leads: number;
  readonly cost_per_qualified_lead: number | null;
}

export function customerAcquisitionCost(db: SqlExecutor, p: MetricWindow): Promise<CacRow[]> {
  return runMetric(db, CAC_SQL, p.schema, windowParams(p));
}
