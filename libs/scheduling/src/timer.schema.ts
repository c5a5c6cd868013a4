import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';

export const SCHEDULING_SCHEMA = 'scheduling';

const BASELINE = [
  `create table if not exists ${SCHEDULING_SCHEMA}.timers (
     timer_id      uuid primary key,
     due_at        timestamptz not null,
     stream_id     text not null,
     event         jsonb not null,
     status        text not null default 'pending' check (status in ('pending', 'fired', 'cancelled')),
     scheduled_at  timestamptz not null default now(),
     settled_at    timestamptz
   )`,
  `create index if not exists timers_pending_due on ${SCHEDULING_SCHEMA}.timers (due_at) where status = 'pending'`,
];

/** The timers every service with durable timers shares (routing, appointments, customer success). */
export const SCHEDULING_MIGRATIONS: MigrationSet = {
  schema: SCHEDULING_SCHEMA,
  migrations: [sqlMigration('SchedulingBaseline1796342400000', BASELINE)],
};

/** Applies the pending scheduling migrations (tests and tools; services go through the platform's start-up check). */
export async function migrateScheduling(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [SCHEDULING_MIGRATIONS]);
}
