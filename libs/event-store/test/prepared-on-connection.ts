import type { SqlDatabase } from '../src/sql.port';
import { genericPlanStatement } from '../src/drivers/prepared-statements';

/** A statement the driver prepared on a connection, how often it ran by name, and how often on a generic plan. */
export interface PreparedOnConnection {
  readonly statement: string;
  readonly runs: number;
  readonly generic: number;
}

/**
 * The statements `pg` prepared by name on the pool's connection (pg_prepared_statements, PostgreSQL 14+). Read in a
 * transaction, so on a pool of one connection (`createPgDatabase(url, { poolSize: 1 })`) it is the connection every
 * statement of the test ran on.
 */
export function preparedOnTheConnection(db: SqlDatabase): Promise<PreparedOnConnection[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PreparedOnConnection>(
      `select statement, (generic_plans + custom_plans)::int as runs, generic_plans::int as generic
         from pg_prepared_statements where from_sql = false`,
    );
    return rows;
  });
}

/**
 * The same for the connection genericPlanStatement's statements run on outside transactions (one with
 * `createPgDatabase(url, { poolSize: 1 })`): read by a statement marked so itself.
 */
export async function preparedOnTheGenericPlanConnection(db: SqlDatabase): Promise<PreparedOnConnection[]> {
  const { rows } = await db.query<PreparedOnConnection>(
    genericPlanStatement(`select statement, (generic_plans + custom_plans)::int as runs, generic_plans::int as generic
       from pg_prepared_statements where from_sql = false and statement not like '%pg_prepared_statements%'`),
  );
  return rows;
}
