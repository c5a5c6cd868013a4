import type { SqlExecutor } from '@leadline/event-store';
import { runMetric, windowParams, type MetricWindow } from '../metric-sql';

/**
 * Customer acquisition cost per spend month (months whose first day lies in the window) and
 * currency: spend recorded by `as_of` for the month / customers created in the month; cost per
 * qualified lead: the same spend / leads qualified in the month. A month without recorded spend has
 * no row.
 * $1 as_of, $2 from, $3 to.
 */
export const CAC_SQL = `WITH spend AS (
  SELECT s.period, s.currency, sum(s.amount) AS spend
  FROM metrics.spend s
  WHERE s.recorded_at <= $1::timestamptz
  GROUP BY s.period, s.currency
), new_customers AS (
  SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, count(*) AS customers
  FROM metrics.customers c WHERE c.created_at <= $1::timestamptz GROUP BY 1
), qualified AS (
  SELECT to_char(l.qualified_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, count(*) AS leads
  FROM metrics.leads l WHERE l.qualified_at <= $1::timestamptz GROUP BY 1
)
SELECT s.period AS month, s.currency, s.spend::float8 AS spend,
       COALESCE(n.customers, 0)::int AS new_customers,
       (s.spend / NULLIF(n.customers, 0))::float8 AS cac,
       COALESCE(q.leads, 0)::int AS qualified_leads,
       (s.spend / NULLIF(q.leads, 0))::float8 AS cost_per_qualified_lead
FROM spend s
LEFT JOIN new_customers n ON n.period = s.period
LEFT JOIN qualified q ON q.period = s.period
WHERE ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') >= $2::timestamptz
  AND ((s.period || '-01')::timestamp AT TIME ZONE 'UTC') < $3::timestamptz
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
