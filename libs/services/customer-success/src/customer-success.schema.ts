import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';

const BASELINE = [
  `create table if not exists customer_success.managers (
     manager_id     text primary key,
     name           text not null,
     email          text not null,
     segments       jsonb not null,
     capacity       integer not null,
     registered_at  timestamptz not null
   )`,
  // One row per customer, the folded stream; version guards against an older fold overwriting a newer one.
  `create table if not exists customer_success.customers (
     customer_id     text primary key,
     lead_id         text not null,
     opportunity_id  text not null,
     segment         text,
     amount          numeric not null,
     manager_id      text,
     status          text not null,
     renewal_date    text not null,
     onboarded_at    timestamptz,
     windows         jsonb not null default '[]',
     renewals        jsonb not null default '[]',
     upsells         jsonb not null default '[]',
     churn_reason    text,
     churned_at      timestamptz,
     created_at      timestamptz not null,
     version         integer not null
   )`,
  "create index if not exists customers_manager on customer_success.customers (manager_id) where status = 'active'",
  // The renewal-window timers of each customer, so a renewal or churn can cancel the pending ones.
  `create table if not exists customer_success.renewal_timers (
     timer_id      uuid primary key,
     customer_id   text not null,
     days_before   integer not null,
     renewal_date  text not null,
     due_at        timestamptz not null,
     status        text not null
   )`,
  "create index if not exists renewal_timers_customer on customer_success.renewal_timers (customer_id) where status = 'pending'",
];

export const CUSTOMER_SUCCESS_MIGRATIONS: MigrationSet = {
  schema: 'customer_success',
  migrations: [sqlMigration('CustomerSuccessBaseline1796342400000', BASELINE)],
};

/** Applies customer success's and the scheduler's pending migrations (tests and tools). */
export async function migrateCustomerSuccess(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [SCHEDULING_MIGRATIONS, CUSTOMER_SUCCESS_MIGRATIONS]);
}
