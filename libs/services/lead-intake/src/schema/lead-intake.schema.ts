import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';

export const SCHEMA = 'lead_intake';
export const CLAIMS = `${SCHEMA}.identity_claims`;
export const IDEMPOTENCY = `${SCHEMA}.idempotency_keys`;
export const OVERVIEW = `${SCHEMA}.lead_overview`;

const BASELINE = [
  // Which lead owns a normalised identity (email, phone, company domain + name): written in the
  // capture's transaction, so two racing captures of one person cannot both create a lead.
  `create table if not exists ${CLAIMS} (
     kind       text not null,
     value      text not null,
     lead_id    text not null,
     claimed_at timestamptz not null default now(),
     primary key (kind, value)
   )`,
  `create index if not exists identity_claims_lead_idx on ${CLAIMS} (lead_id)`,
  `create table if not exists ${IDEMPOTENCY} (
     key          text primary key,
     request_hash text not null,
     lead_id      text not null,
     status       text not null,
     created_at   timestamptz not null default now()
   )`,
  `create table if not exists ${OVERVIEW} (
     lead_id         text primary key,
     stage           text not null,
     source          text,
     inbound         boolean,
     email           text,
     company_name    text,
     company_domain  text,
     segment         text,
     territory       text,
     score           double precision,
     grade           text,
     owner_sdr_id    text,
     sla_due_at      timestamptz,
     sla_status      text not null default 'none',
     sla_breaches    integer not null default 0,
     duplicates      integer not null default 0,
     missing         jsonb not null default '[]'::jsonb,
     captured_at     timestamptz,
     last_event_type text,
     updated_at      timestamptz not null default now()
   )`,
  `alter table ${OVERVIEW} add column if not exists erased_at timestamptz`,
];

export const LEAD_INTAKE_MIGRATIONS: MigrationSet = {
  schema: SCHEMA,
  migrations: [sqlMigration('LeadIntakeBaseline1796342400000', BASELINE)],
};

/** Applies lead-intake's pending migrations (tests and tools; services go through the platform's start-up check). */
export async function migrateLeadIntake(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [LEAD_INTAKE_MIGRATIONS]);
}
