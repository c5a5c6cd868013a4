import type { SqlDatabase } from '@leadline/event-store';
import { migrateScheduling } from '@leadline/scheduling';

const STATEMENTS = [
  'create schema if not exists routing',
  `create table if not exists routing.sdrs (
     sdr_id            text primary key,
     profile           jsonb not null,
     time_off          jsonb not null default '[]',
     open_leads        integer not null default 0,
     last_assigned_at  timestamptz,
     updated_at        timestamptz not null
   )`,
  `create table if not exists routing.assignments (
     lead_id         text primary key,
     sdr_id          text not null,
     team            text not null,
     source          text not null,
     segment         text not null,
     territory       text,
     status          text not null,
     assigned_at     timestamptz not null,
     sla_due_at      timestamptz,
     sla_timer_id    uuid,
     first_touch_at  timestamptz,
     breaches        integer not null default 0,
     reassignments   integer not null default 0
   )`,
  // One row per assignment or reassignment: weekly capacity counts these.
  `create table if not exists routing.assignment_log (
     event_id     uuid primary key,
     lead_id      text not null,
     sdr_id       text not null,
     assigned_at  timestamptz not null
   )`,
  'create index if not exists assignment_log_sdr_time on routing.assignment_log (sdr_id, assigned_at)',
  // Leads nobody was eligible for when they arrived, with why: ops works this queue.
  `create table if not exists routing.unrouted (
     lead_id         text primary key,
     team            text not null,
     excluded        jsonb not null,
     at              timestamptz not null,
     cause_event_id  uuid not null,
     correlation_id  text not null
   )`,
];

export async function migrateRouting(db: SqlDatabase): Promise<void> {
  await migrateScheduling(db);
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('leadline.routing.migrate'))`);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}
