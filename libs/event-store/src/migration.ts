import type { SqlDatabase } from './sql.port';

/**
 * Not for schemas: those are versioned `MigrationSet`s (migrations/migrations.ts) that `migrate`
 * applies and services only check at start, so their roles need no DDL rights.
 *
 * Runs idempotent DDL (`create … if not exists`) in one transaction under an advisory lock (a name,
 * or the number older releases took), so processes starting together do not race on the catalog.
 */
export async function runMigration(
  db: Pick<SqlDatabase, 'transaction'>,
  lock: string | number,
  statements: readonly string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(typeof lock === 'number' ? 'select pg_advisory_xact_lock($1)' : 'select pg_advisory_xact_lock(hashtext($1))', [lock]);
    for (const statement of statements) await tx.query(statement);
  });
}
