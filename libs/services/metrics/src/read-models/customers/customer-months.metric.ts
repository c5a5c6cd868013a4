import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { CUSTOMER_FACTS } from './customers.read-model';

/**
 * Customers per calendar month of the window (UTC): customers at the month's start (created
 * before it, not churned before it), new and churned in the month, renewals in the month;
 * churn rate = churned / customers at start; renewal rate = renewals / (renewals + churned), i.e.
 * the share of renewal decisions that went the customer's way. Facts after `as_of`, or recorded after
 * `known_at`, do not count.
 * $1 as_of, $2 known_at, $3 from, $4 to.
 */
export const CUSTOMER_MONTHS_SQL = `WITH months AS (
  SELECT m AS month_start, (m AT TIME ZONE 'UTC') AS starts, ((m + interval '1 month') AT TIME ZONE 'UTC') AS ends
  FROM generate_series(date_trunc('month', $3::timestamptz AT TIME ZONE 'UTC'),
                       ($4::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                       interval '1 month') AS m
), known AS (
  ${foldAsOf(CUSTOMER_FACTS, ['created_at', 'churned_at'])}
), counts AS (
  SELECT to_char(m.month_start, 'YYYY-MM') AS month,
         (SELECT count(*) FROM known k WHERE k.created_at < m.starts AND (k.churned_at IS NULL OR k.churned_at >= m.starts)) AS customers_at_start,
         (SELECT count(*) FROM known k WHERE k.created_at >= m.starts AND k.created_at < m.ends) AS new_customers,
         (SELECT count(*) FROM known k WHERE k.churned_at >= m.starts AND k.churned_at < m.ends) AS churned,
         (SELECT count(*) FROM known k WHERE k.created_at < m.ends AND (k.churned_at IS NULL OR k.churned_at >= m.ends)) AS customers_at_end,
         (SELECT count(*) FROM metrics.renewals r
          WHERE r.at <= $1::timestamptz AND ${known('r')} AND r.at >= m.starts AND r.at < m.ends) AS renewals
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

export function customerMonths(db: SqlExecutor, p: MetricWindow): Promise<CustomerMonthRow[]> {
  return runMetric(db, CUSTOMER_MONTHS_SQL, p.schema, windowParams(p));
}
