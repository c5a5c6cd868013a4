import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';

const BASELINE = [
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
  // 'assign': a scored lead's first assignment; 'reopen': a recycled lead waiting for an outbound SDR.
  `alter table routing.unrouted add column if not exists purpose text not null default 'assign'`,
  // Times a recycled lead was reopened for the outbound team.
  'alter table routing.assignments add column if not exists reopens integer not null default 0',
  // Leads appointments recycled, one row per cool-off timer (a lead can be recycled more than once).
  `create table if not exists routing.recycled_leads (
     timer_id      uuid primary key,
     lead_id       text not null,
     reason        text not null,
     recycled_at   timestamptz not null,
     available_at  timestamptz not null,
     status        text not null check (status in ('cooling-off', 'waiting-for-sdr', 'reopened', 'stale')),
     sdr_id        text,
     reopened_at   timestamptz
   )`,
  'create index if not exists recycled_leads_lead on routing.recycled_leads (lead_id, recycled_at)',
  // Leads of list vendors: held until appointments releases them (sample or decision), archived never assigned.
  `create table if not exists routing.vendor_holds (
     lead_id         text primary key,
     vendor_id       text,
     list_id         text,
     status          text not null check (status in ('held', 'released', 'archived')),
     score_event_id  uuid,
     correlation_id  text,
     held_since      timestamptz not null,
     settled_at      timestamptz,
     settled_by      uuid
   )`,
];

/**
 * Assignments per SDR and week (Monday 00:00 UTC), kept with `assignment_log` in the statement that
 * writes it, so the roster's weekly capacity reads one row instead of counting the week's log
 * (issue 15). Filled from the log once.
 */
const WEEK_COUNTS = [
  `create table if not exists routing.sdr_week_counts (
     sdr_id      text not null,
     week_start  timestamptz not null,
     assigned    integer not null,
     primary key (week_start, sdr_id)
   )`,
  `insert into routing.sdr_week_counts (sdr_id, week_start, assigned)
   select sdr_id, date_trunc('week', assigned_at at time zone 'UTC') at time zone 'UTC', count(*)
     from routing.assignment_log group by 1, 2
   on conflict (week_start, sdr_id) do nothing`,
];

/**
 * A vendor list's release settles its holds in one statement and marks the scored ones `to_assign`
 * (with their place in the release, `release_pos`); ReleasedHoldsDrain assigns them in small
 * transactions of their own and clears the mark in each (issue 15).
 */
const RELEASE_QUEUE = [
  'alter table routing.vendor_holds add column if not exists to_assign boolean not null default false',
  'alter table routing.vendor_holds add column if not exists release_pos bigint',
  'create index if not exists vendor_holds_to_assign on routing.vendor_holds (settled_at, settled_by, release_pos) where to_assign',
];

export const ROUTING_MIGRATIONS: MigrationSet = {
  schema: 'routing',
  migrations: [
    sqlMigration('RoutingBaseline1796342400000', BASELINE),
    sqlMigration('RoutingWeekCounts1796533200000', WEEK_COUNTS),
    sqlMigration('RoutingReleaseQueue1796619600000', RELEASE_QUEUE),
  ],
};

/** Applies routing's and the scheduler's pending migrations (tests and tools; services go through the platform's start-up check). */
export async function migrateRouting(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [SCHEDULING_MIGRATIONS, ROUTING_MIGRATIONS]);
}
