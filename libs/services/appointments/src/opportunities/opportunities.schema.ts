import { runMigration, type SqlDatabase } from '@leadline/event-store';

const STATEMENTS = [
  'create schema if not exists appointments',
  // A lead's current opportunity: the first held appointment opens one, later ones do not while it is open or won.
  `create table if not exists appointments.opportunity_by_lead (
     lead_id         text primary key,
     opportunity_id  text not null,
     ae_id           text not null,
     status          text not null,
     stage           text not null,
     opened_at       timestamptz not null,
     updated_at      timestamptz not null
   )`,
  'create index if not exists opportunity_by_lead_opportunity on appointments.opportunity_by_lead (opportunity_id)',
];

export async function migrateOpportunities(db: SqlDatabase): Promise<void> {
  await runMigration(db, 'leadline.appointments.migrate', STATEMENTS);
}
