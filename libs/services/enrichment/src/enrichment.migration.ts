import type { SqlDatabase } from '@leadline/event-store';

/** Idempotent; under a transaction-level advisory lock so processes starting together do not race. */
export async function migrateEnrichment(db: Pick<SqlDatabase, 'transaction'>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('leadline.enrichment.migrate'))`);
    await tx.query('create schema if not exists enrichment');
    await tx.query(`create table if not exists enrichment.companies (
      domain text primary key,
      name text,
      headcount integer,
      annual_revenue numeric,
      industry text,
      technologies text[] not null default '{}'
    )`);
  });
}
