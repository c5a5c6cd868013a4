import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, known, runMetric, scopeParams, type MetricScope } from '../metric-sql';
import { CUSTOMER_FACTS, UPSELL_FACTS } from './customers.read-model';

/**
 * Lifetime value as of `as_of`, over every customer and per segment. Realized LTV of a customer =
 * first contract + renewals + won upsells so far; the average is over customers. Predicted LTV =
 * average contract value (first contracts and renewals) / churn share, where churn share = churns /
 * (renewals + churns): with a churn share q per renewal decision a customer signs 1/q contracts on
 * average. Null while there is no churn to estimate it from. As known at `known_at`.
 * $1 as_of, $2 known_at.
 */
export const LIFETIME_VALUE_SQL = `WITH customers AS (
  ${foldAsOf(CUSTOMER_FACTS, ['created_at', 'segment', 'amount', 'churned_at'])}
), upsells AS (
  ${foldAsOf(UPSELL_FACTS, ['closed_at', 'won', 'amount'])}
), known AS (
  SELECT c.customer_id, c.segment, c.amount, c.churned_at IS NOT NULL AS churned,
         (SELECT count(*) FROM metrics.renewals r
          WHERE r.customer_id = c.customer_id AND r.at <= $1::timestamptz AND ${known('r')}) AS renewals,
         (SELECT COALESCE(sum(r.amount), 0) FROM metrics.renewals r
          WHERE r.customer_id = c.customer_id AND r.at <= $1::timestamptz AND ${known('r')}) AS renewal_revenue,
         (SELECT COALESCE(sum(u.amount), 0) FROM upsells u
          WHERE u.customer_id = c.customer_id AND u.won AND u.closed_at IS NOT NULL) AS upsell_revenue
  FROM customers c
  WHERE c.created_at IS NOT NULL
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

export function lifetimeValue(db: SqlExecutor, p: MetricScope): Promise<LifetimeValueRow[]> {
  return runMetric(db, LIFETIME_VALUE_SQL, p.schema, scopeParams(p));
}
