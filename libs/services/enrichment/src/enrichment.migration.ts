import { applyMigrations, sqlMigration, type MigrationSet, type SqlDatabase } from '@leadline/event-store';

const BASELINE = [
  `create table if not exists enrichment.companies (
     domain text primary key,
     name text,
     headcount integer,
     annual_revenue numeric,
     industry text,
     technologies text[] not null default '{}'
   )`,
];

export const ENRICHMENT_MIGRATIONS: MigrationSet = {
  schema: 'enrichment',
  migrations: [sqlMigration('EnrichmentBaseline1796342400000', BASELINE)],
};

/** Applies the company directory's pending migrations (tests and the import tool). */
export async function migrateEnrichment(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [ENRICHMENT_MIGRATIONS]);
}
