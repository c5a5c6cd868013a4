import type { SqlExecutor } from '@leadline/event-store';
import { foldAsOf, known, runMetric, windowParams, type MetricWindow } from '../metric-sql';
import { CUSTOMER_FACTS } from './customers.read-model';

/**
 * Customer managers: clients as of `as_of` (customers whose manager by then is theirs and that have
 * not churned), and the renewal decisions in the window (renewals and churns, each credited to the
 * customer's manager at the time of the decision); renewal rate = renewals / (renewals + churns).
 * All as known at `known_at`.
 * $1 as_of, $2 known_at, $3 from, $4 to.
 */
export const CUSTOMER_MANAGER_STATS_SQL = `WITH customers AS (
  ${foldAsOf(CUSTOMER_FACTS, ['created_at', 'manager_id', 'churned_at'])}
), managed AS (
  SELECT c.customer_id, c.churned_at IS NOT NULL AS churned, c.manager_id
  FROM customers c
  WHERE c.created_at IS NOT NULL
), decisions AS (
  SELECT r.customer_id, r.at, true AS renewed FROM metrics.renewals r
  WHERE r.at <= $1::timestamptz AND ${known('r')} AND r.at >= $3::timestamptz AND r.at < $4::timestamptz
  UNION ALL
  SELECT c.customer_id, c.churned_at, false FROM customers c
  WHERE c.churned_at >= $3::timestamptz AND c.churned_at < $4::timestamptz
), decided AS (
  SELECT d.renewed,
         (SELECT m.manager_id FROM metrics.customer_manager_assignments m
          WHERE m.customer_id = d.customer_id AND m.at <= d.at AND ${known('m')}
          ORDER BY m.at DESC, m.log_position DESC LIMIT 1) AS manager_id
  FROM decisions d
), people AS (
  SELECT manager_id FROM metrics.customer_managers WHERE registered_at <= $1::timestamptz
  UNION SELECT manager_id FROM managed WHERE manager_id IS NOT NULL
  UNION SELECT manager_id FROM decided WHERE manager_id IS NOT NULL
), counts AS (
  SELECT p.manager_id, x.name,
         (SELECT count(*) FROM managed c WHERE c.manager_id = p.manager_id AND NOT c.churned) AS clients,
         (SELECT count(*) FROM decided d WHERE d.manager_id = p.manager_id AND d.renewed) AS renewals,
         (SELECT count(*) FROM decided d WHERE d.manager_id = p.manager_id AND NOT d.renewed) AS churns
  FROM people p LEFT JOIN metrics.customer_managers x ON x.manager_id = p.manager_id
)
SELECT manager_id, name, clients::int, renewals::int, churns::int,
       renewals::float8 / NULLIF(renewals + churns, 0) AS renewal_rate
FROM counts
ORDER BY manager_id`;

export interface CustomerManagerStatsRow {
  readonly manager_id: string;
  readonly name: string | null;
  readonly clients: number;
  readonly renewals: number;
  readonly churns: number;
  readonly renewal_rate: number | null;
}

export function customerManagerStats(db: SqlExecutor, p: MetricWindow): Promise<CustomerManagerStatsRow[]> {
  return runMetric(db, CUSTOMER_MANAGER_STATS_SQL, p.schema, windowParams(p));
}
