import type { SqlExecutor } from '@leadline/event-store';
import { LEAD_FACTS } from '../leads/leads.tables';
import { foldAsOf, instant, runPage, scopeParams, type MetricScope, type Page, type PageRequest } from '../metric-sql';
import { CUSTOMER_FACTS } from './customers.read-model';

export const CUSTOMER_STATUSES = ['active', 'churned'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/**
 * Customers as of `as_of` (as known at `known_at`), by renewal date (the next conversation first):
 * their manager and renewal date then, first contract, onboarding and churn, with the lead's company.
 * $1 as_of, $2 known_at, $3 manager, $4 renewal on or after, $5 renewal before, $6 status,
 * $7 segment, $8 limit, $9 offset.
 */
export const CUSTOMER_LIST_SQL = `WITH customers AS (
  ${foldAsOf(CUSTOMER_FACTS, [
    'lead_id',
    'opportunity_id',
    'created_at',
    'amount',
    'segment',
    'renewal_date',
    'manager_id',
    'onboarded_at',
    'churned_at',
    'churn_reason',
  ])}
), leads AS (
  ${foldAsOf(LEAD_FACTS, ['company_name'])}
)
SELECT c.customer_id, c.lead_id, l.company_name, c.segment, c.manager_id, c.renewal_date, c.amount::float8 AS amount,
       c.created_at, c.onboarded_at, c.churned_at, c.churn_reason,
       CASE WHEN c.churned_at IS NULL THEN 'active' ELSE 'churned' END AS status,
       count(*) OVER ()::int AS total
FROM customers c LEFT JOIN leads l ON l.lead_id = c.lead_id
WHERE c.created_at IS NOT NULL
  AND ($3::text IS NULL OR c.manager_id = $3::text)
  AND ($4::timestamptz IS NULL OR c.renewal_date >= $4::timestamptz)
  AND ($5::timestamptz IS NULL OR c.renewal_date < $5::timestamptz)
  AND ($6::text IS NULL OR CASE WHEN c.churned_at IS NULL THEN 'active' ELSE 'churned' END = $6::text)
  AND ($7::text IS NULL OR c.segment = $7::text)
ORDER BY c.renewal_date, c.customer_id
LIMIT $8::int OFFSET $9::int`;

export interface CustomerListParams extends MetricScope, PageRequest {
  readonly managerId?: string;
  readonly renewalFrom?: Date;
  readonly renewalBefore?: Date;
  readonly status?: CustomerStatus;
  readonly segment?: string;
}

export interface CustomerListRow {
  readonly customer_id: string;
  readonly lead_id: string | null;
  readonly company_name: string | null;
  readonly segment: string | null;
  readonly manager_id: string | null;
  readonly renewal_date: Date | null;
  readonly amount: number | null;
  readonly created_at: Date;
  readonly onboarded_at: Date | null;
  readonly churned_at: Date | null;
  readonly churn_reason: string | null;
  readonly status: CustomerStatus;
}

export function customerList(db: SqlExecutor, p: CustomerListParams): Promise<Page<CustomerListRow>> {
  return runPage<CustomerListRow & { total: number }>(
    db,
    CUSTOMER_LIST_SQL,
    p.schema,
    [
      ...scopeParams(p),
      p.managerId ?? null,
      p.renewalFrom ? instant(p.renewalFrom) : null,
      p.renewalBefore ? instant(p.renewalBefore) : null,
      p.status ?? null,
      p.segment ?? null,
    ],
    p,
  );
}
