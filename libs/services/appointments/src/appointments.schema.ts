import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';
import { NURTURE_TABLES } from './nurture/nurture.schema';
import { OPPORTUNITY_TABLES } from './opportunities/opportunities.schema';
import { VENDOR_TABLES } from './vendors/vendors.schema';

const BASELINE = [
  // The AE/SE roster read model; open deals counts hunters' handoffs not yet won or lost.
  `create table if not exists appointments.aes (
     ae_id       text primary key,
     profile     jsonb not null,
     time_off    jsonb not null default '[]',
     open_deals  integer not null default 0,
     updated_at  timestamptz not null
   )`,
  // Leads this service may book: qualified by routing, with what enrichment knew.
  `create table if not exists appointments.qualified_leads (
     lead_id       text primary key,
     qualified_at  timestamptz,
     sdr_id        text,
     segment       text,
     industry      text,
     time_zone     text
   )`,
  // AE calendars and month-to-date credits: one row per appointment, credit live while credited.
  `create table if not exists appointments.appointments (
     appointment_id   text primary key,
     lead_id          text not null,
     ae_id            text,
     se_id            text,
     start_at         timestamptz,
     end_at           timestamptz,
     status           text not null,
     mode             text,
     segment          text,
     credit_month     text,
     credited         boolean not null default false,
     reminder_timers  jsonb not null default '[]',
     booked_at        timestamptz,
     updated_at       timestamptz not null
   )`,
  'create index if not exists appointments_ae_start on appointments.appointments (ae_id, start_at)',
  'create index if not exists appointments_lead on appointments.appointments (lead_id)',
  // Demo gurus' handoffs of moved-forward prospects to hunters, with the pool the pick saw.
  `create table if not exists appointments.handoffs (
     appointment_id  text primary key,
     lead_id         text not null,
     demo_ae_id      text not null,
     hunter_id       text,
     pool            jsonb not null,
     seed            bigint not null,
     open            boolean not null default true,
     at              timestamptz not null
   )`,
];

/** Booking's tables and the pipeline's (opportunities, nurture, vendors). */
export const APPOINTMENTS_MIGRATIONS: MigrationSet = {
  schema: 'appointments',
  migrations: [
    sqlMigration('AppointmentsBaseline1796342400000', [...BASELINE, ...OPPORTUNITY_TABLES, ...NURTURE_TABLES, ...VENDOR_TABLES]),
  ],
};

/** Applies appointments' and the scheduler's pending migrations (tests and tools). */
export async function migrateAppointments(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [SCHEDULING_MIGRATIONS, APPOINTMENTS_MIGRATIONS]);
}
