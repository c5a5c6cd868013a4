import type { SqlExecutor } from '@leadline/event-store';
import { instant, runQuery, windowParams, type QueryScope, type QueryWindow } from './query-sql';

/**
 * Customers per calendar month of the window (UTC): customers at the month's start (created
 * before it, not churned before it), new and churned in the month, renewals in the month;
 * churn rate = churned / customers at start; renewal rate = renewals / (renewals + churned), i.e.
 * the share of renewal decisions that went the customer's way. Facts after `as_of` do not count.
 * $1 as_of, $2 from, $3 to.
 */
export const CUSTOMER_MONTHS_SQL = `WITH months AS (
  SELECT m AS month_start, (m AT TIME ZONE 'UTC') AS starts, ((m + interval '1 month') AT TIME ZONE 'UTC') AS ends
  FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC'),
                       ($3::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                       interval '1 month') AS m
), known AS (
  SELECT c.customer_id, c.created_at, CASE WHEN c.churned_at <= $1::timestamptz THEN c.churned_at END AS churned_at
  FROM metrics.customers c
  WHERE c.created_at <= $1::timestamptz
), counts AS (
  SELECT to_char(m.month_start, 'YYYY-MM') AS month,
         (SELECT count(*) FROM known k WHERE k.created_at < m.starts AND (k.churned_at IS NULL OR k.churned_at >= m.starts)) AS customers_at_start,
         (SELECT count(*) FROM known k WHERE k.created_at >= m.starts AND k.created_at < m.ends) AS new_customers,
         (SELECT count(*) FROM known k WHERE k.churned_at >= m.starts AND k.churned_at < m.ends) AS churned,
         (SELECT count(*) FROM known k WHERE k.created_at < m.ends AND (k.churned_at IS NULL OR k.churned_at >= m.ends)) AS customers_at_end,
         (SELECT count(*) FROM metrics.renewals r WHERE r.at <= $1::timestamptz AND r.at >= m.starts AND r.at < m.ends) AS renewals
  FROM months m
)
SELECT month, customers_at_start::int, new_customers::int, churned::int, customers_at_end::int, renewals::int,
       churned::float8 / NULLIF(customers_at_start, 0) AS churn_rate,
       renewals::float8 / NULLIF(renewals + churned, 0) AS renewal_rate
FROM counts
ORDER BY month`;

export interface CustomerMonthRow {
  readonly month: string;
  readonly customers_at_start: number;
  readonly new_customers: number;
  readonly churned: number;
  readonly customers_at_end: number;
  readonly renewals: number;
  readonly churn_rate: number | null;
  readonly renewal_rate: number | null;
}

export function customerMonths(db: SqlExecutor, p: QueryWindow): Promise<CustomerMonthRow[]> {
  return runQuery(db, CUSTOMER_MONTHS_SQL, p.schema, windowParams(p));
}

/**
 * Lifetime value as of `as_of`, over every customer and per segment. Realized LTV of a customer =
 * first contract + renewals + won upsells so far; the average is over customers. Predicted LTV =
 * average contract value (first contracts and renewals) / churn share, where churn share = churns /
 * (renewals + churns): with a churn share q per renewal decision a customer signs 1/q contracts on
 * average. Null while there is no churn to estimate it from.
 * $1 as_of.
 */
export const LIFETIME_VALUE_SQL = `WITH known AS (
  SELECT c.customer_id, c.segment, c.amount,
         COALESCE(c.churned_at <= $1::timestamptz, false) AS churned,
         (SELECT count(*) FROM metrics.renewals r WHERE r.customer_id = c.customer_id AND r.at <= $1::timestamptz) AS renewals,
         (SELECT COALESCE(sum(r.amount), 0) FROM metrics.renewals r WHERE r.customer_id = c.customer_id AND r.at <= $1::timestamptz) AS renewal_revenue,
         (SELECT COALESCE(sum(u.amount), 0) FROM metrics.upsells u
          WHERE u.customer_id = c.customer_id AND u.won AND u.closed_at <= $1::timestamptz) AS upsell_revenue
  FROM metrics.customers c
  WHERE c.created_at <= $1::timestamptz
), sums AS (
  SELECT CASE WHEN GROUPING(segment) = 1 THEN 'all' ELSE 'segment' END AS level, segment,
         count(*) AS customers,
         sum(renewals) AS renewals,
         count(*) FILTER (WHERE churned) AS churned,
         avg(amount + renewal_revenue + upsell_revenue) AS avg_realized_ltv,
         (sum(amount) + sum(renewal_revenue)) / (count(*) + sum(renewals)) AS avg_contract_value
  FROM known
  GROUP BY GROUPING SETS ((), (segment))
)
SELECT level, segment, customers::int, renewals::int, churned::int,
       avg_realized_ltv::float8, avg_contract_value::float8,
       churned::float8 / NULLIF(renewals + churned, 0) AS churn_share,
       avg_contract_value::float8 / NULLIF(churned::float8 / NULLIF(renewals + churned, 0), 0) AS predicted_ltv
FROM sums
ORDER BY level, segment NULLS FIRST`;

export interface LifetimeValueRow {
  readonly level: 'all' | 'segment';
  readonly segment: string | null;
  readonly customers: number;
  readonly renewals: number;
  readonly churned: number;
  readonly avg_realized_ltv: number;
  readonly avg_contract_value: number;
  readonly churn_share: number | null;
  readonly predicted_ltv: number | null;
}

export function lifetimeValue(db: SqlExecutor, p: QueryScope): Promise<LifetimeValueRow[]> {
  return runQuery(db, LIFETIME_VALUE_SQL, p.schema, [instant(p.asOf)]);
}

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

export function customerAcquisitionCost(db: SqlExecutor, p: QueryWindow): Promise<CacRow[]> {
  return runQuery(db, CAC_SQL, p.schema, windowParams(p));
}
