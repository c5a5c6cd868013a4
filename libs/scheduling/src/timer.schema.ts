import { runMigration, type SqlDatabase } from '@leadline/event-store';

export const SCHEDULING_SCHEMA = 'scheduling';

const STATEMENTS = [
  `create schema if not exists ${SCHEDULING_SCHEMA}`,
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

/** Idempotent; the advisory lock keeps processes starting together from racing on DDL. */
export async function migrateScheduling(db: SqlDatabase): Promise<void> {
  await runMigration(db, 'leadline.scheduling.migrate', STATEMENTS);
}
