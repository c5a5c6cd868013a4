import type { CustomerState, OpenedWindow, Renewal, Upsell } from '@leadline/domain';
import { isoTime, type SqlExecutor } from '@leadline/event-store';

/** What `GET /customers/{id}` answers. */
export interface CustomerView {
  readonly customerId: string;
  readonly leadId: string;
  readonly opportunityId: string;
  readonly segment: string | null;
  readonly amount: number;
  readonly status: 'active' | 'churned';
  readonly manager: { readonly managerId: string; readonly name: string | null; readonly email: string | null } | null;
  readonly renewalDate: string;
  readonly onboardedAt: string | null;
  readonly windowsOpened: readonly OpenedWindow[];
  readonly renewals: readonly Renewal[];
  readonly upsells: readonly Upsell[];
  readonly churn: { readonly reason: string; readonly at: string } | null;
  readonly pendingWindows: readonly { readonly daysBefore: number; readonly renewalDate: string; readonly dueAt: string }[];
  readonly createdAt: string;
}

/** Upserts the folded customer; an older fold (lower stream version) never overwrites a newer one. */
export async function saveCustomer(tx: SqlExecutor, state: CustomerState, version: number): Promise<void> {
  if (state.status === 'none') return;
  await tx.query(
    `insert into customer_success.customers
       (customer_id, lead_id, opportunity_id, segment, amount, manager_id, status, renewal_date, onboarded_at, windows, renewals, upsells,
        churn_reason, churned_at, created_at, version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (customer_id) do update set
       manager_id = excluded.manager_id, status = excluded.status, renewal_date = excluded.renewal_date, onboarded_at = excluded.onboarded_at,
       windows = excluded.windows, renewals = excluded.renewals, upsells = excluded.upsells, churn_reason = excluded.churn_reason,
       churned_at = excluded.churned_at, version = excluded.version
     where customer_success.customers.version < excluded.version`,
    [
      state.customerId,
      state.leadId,
      state.opportunityId,
      state.segment,
      state.amount,
      state.managerId,
      state.status,
      state.renewalDate,
      state.onboardedAt,
      JSON.stringify(state.windows),
      JSON.stringify(state.renewals),
      JSON.stringify(state.upsells),
      state.churn?.reason ?? null,
      state.churn?.at ?? null,
      state.createdAt,
      version,
    ],
  );
}

interface Row {
  customer_id: string;
  lead_id: string;
  opportunity_id: string;
  segment: string | null;
  amount: string | number;
  manager_id: string | null;
  manager_name: string | null;
  manager_email: string | null;
  status: 'active' | 'churned';
  renewal_date: string;
  onboarded_at: Date | string | null;
  windows: unknown;
  renewals: unknown;
  upsells: unknown;
  churn_reason: string | null;
  churned_at: Date | string | null;
  created_at: Date | string;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

export async function findCustomer(tx: SqlExecutor, customerId: string): Promise<CustomerView | null> {
  const { rows } = await tx.query<Row>(
    `select c.*, m.name as manager_name, m.email as manager_email
       from customer_success.customers c left join customer_success.managers m on m.manager_id = c.manager_id
      where c.customer_id = $1`,
    [customerId],
  );
  const r = rows[0];
  if (!r) return null;
  const timers = await tx.query<{ days_before: number; renewal_date: string; due_at: Date | string }>(
    `select days_before, renewal_date, due_at from customer_success.renewal_timers where customer_id = $1 and status = 'pending' order by due_at`,
    [customerId],
  );
  return {
    customerId: r.customer_id,
    leadId: r.lead_id,
    opportunityId: r.opportunity_id,
    segment: r.segment,
    amount: Number(r.amount),
    status: r.status,
    manager: r.manager_id ? { managerId: r.manager_id, name: r.manager_name, email: r.manager_email } : null,
    renewalDate: r.renewal_date,
    onboardedAt: isoTime(r.onboarded_at),
    windowsOpened: json<OpenedWindow[]>(r.windows),
    renewals: json<Renewal[]>(r.renewals),
    upsells: json<Upsell[]>(r.upsells),
    churn: r.churn_reason ? { reason: r.churn_reason, at: isoTime(r.churned_at) ?? '' } : null,
    pendingWindows: timers.rows.map((t) => ({
      daysBefore: t.days_before,
      renewalDate: t.renewal_date,
      dueAt: new Date(t.due_at).toISOString(),
    })),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Active customers still without a manager (everybody was full when they arrived), oldest first. */
export async function unassignedCustomers(tx: SqlExecutor): Promise<{ customerId: string; segment: string | null }[]> {
  const { rows } = await tx.query<{ customer_id: string; segment: string | null }>(
    `select customer_id, segment from customer_success.customers where manager_id is null and status = 'active' order by created_at, customer_id`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, segment: r.segment }));
}
