import { runMigration, type SqlDatabase } from '@leadline/event-store';

const STATEMENTS = [
  'create schema if not exists enrichment',
  `create table if not exists enrichment.companies (
     domain text primary key,
     name text,
     headcount integer,
     annual_revenue numeric,
     industry text,
     technologies text[] not null default '{}'
   )`,
];

/** The company directory's table, idempotently. */
export function migrateEnrichment(db: Pick<SqlDatabase, 'transaction'>): Promise<void> {
  return runMigration(db, 'leadline.enrichment.migrate', STATEMENTS);
}
