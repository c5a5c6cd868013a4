import { DataSource, MigrationExecutor, type MigrationInterface } from 'typeorm';
import type { SqlDatabase, SqlExecutor, SqlSession } from '../sql.port';
import { sessionDriver } from './typeorm-driver';

/** A TypeORM migration class: its name ends in the 13-digit JavaScript timestamp that orders it. */
export type MigrationClass = new () => MigrationInterface;

/** The ordered migrations of one schema; their history is the TypeORM table `<schema>.migrations`. */
export interface MigrationSet {
  readonly schema: string;
  /** Oldest first (TypeORM orders them by the timestamp their names end in). */
  readonly migrations: readonly MigrationClass[];
}

export interface MigrationRef {
  readonly schema: string;
  readonly name: string;
}

/** The table each set's history lives in, inside its own schema. */
export const MIGRATIONS_TABLE = 'migrations';

const SILENT_LOGGER = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

/** One lock for every schema: migrate runs, and services applying on start, never interleave. */
const MIGRATIONS_LOCK = 'leadline.migrations';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A forward-only migration of plain SQL statements, run in one transaction. `name` must end in a
 * 13-digit timestamp (TypeORM's convention: `LeadIntakeBaseline1796342400000`). Down migrations
 * are not written: a failed upgrade is rolled back by restoring the backup taken before it.
 */
export function sqlMigration(name: string, statements: readonly string[]): MigrationClass {
  if (!/\d{13}$/.test(name)) throw new Error(`migration ${name}: the name must end in a 13-digit timestamp`);
  return class implements MigrationInterface {
    readonly name = name;
    async up(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
      for (const statement of statements) await runner.query(statement);
    }
    down(): Promise<void> {
      return Promise.reject(new Error(`${name} is forward-only: restore the backup taken before migrating`));
    }
  };
}

/** A migration's name as TypeORM records it. */
export function migrationName(migration: MigrationClass): string {
  return new migration().name ?? migration.name;
}

/** One set per schema, first occurrence kept, order kept. */
export function uniqueSets(sets: readonly MigrationSet[]): MigrationSet[] {
  const bySchema = new Map<string, MigrationSet>();
  for (const set of sets) {
    if (!IDENTIFIER.test(set.schema)) throw new Error(`migration set schema "${set.schema}" is not a plain lower-case identifier`);
    if (!bySchema.has(set.schema)) bySchema.set(set.schema, set);
  }
  return [...bySchema.values()];
}

/** Migrations of `sets` not recorded in their schema's history: read-only, so a DML-only role may ask. */
export async function pendingMigrations(db: SqlExecutor, sets: readonly MigrationSet[]): Promise<MigrationRef[]> {
  const pending: MigrationRef[] = [];
  for (const set of uniqueSets(sets)) {
    const applied = await appliedNames(db, set.schema);
    for (const migration of set.migrations) {
      const name = migrationName(migration);
      if (!applied.has(name)) pending.push({ schema: set.schema, name });
    }
  }
  return pending;
}

async function appliedNames(db: SqlExecutor, schema: string): Promise<Set<string>> {
  const { rows } = await db.query<{ present: boolean }>('select to_regclass($1) is not null as present', [`${schema}.${MIGRATIONS_TABLE}`]);
  if (!rows[0]?.present) return new Set();
  const history = await db.query<{ name: string }>(`select name from ${schema}.${MIGRATIONS_TABLE}`);
  return new Set(history.rows.map((row) => row.name));
}

/**
 * Applies the pending migrations of `sets`, schema by schema in the given order, each migration in
 * its own transaction with its history row (TypeORM's MigrationExecutor, transaction mode "each"),
 * under one session-level advisory lock so processes starting together do not race. Creates a
 * missing schema first. When nothing is pending it only reads, so a DML-only role may call it.
 */
export async function applyMigrations(db: SqlDatabase, sets: readonly MigrationSet[]): Promise<MigrationRef[]> {
  const unique = uniqueSets(sets);
  if ((await pendingMigrations(db, unique)).length === 0) return [];
  const session = await db.session();
  const applied: MigrationRef[] = [];
  try {
    await session.query('select pg_advisory_lock(hashtext($1))', [MIGRATIONS_LOCK]);
    try {
      for (const set of unique) applied.push(...(await applySet(session, set)));
    } finally {
      if (!session.lost) await session.query('select pg_advisory_unlock(hashtext($1))', [MIGRATIONS_LOCK]);
    }
  } catch (error) {
    throw isPermissionDenied(error) ? new MigrationsNotPermittedError(error as Error) : error;
  } finally {
    await session.release();
  }
  return applied;
}

async function applySet(session: SqlSession, set: MigrationSet): Promise<MigrationRef[]> {
  const { rows } = await session.query<{ present: boolean }>('select to_regnamespace($1) is not null as present', [set.schema]);
  if (!rows[0]?.present) await session.query(`create schema if not exists ${set.schema}`);
  const source = new DataSource({
    type: 'postgres',
    driver: sessionDriver(session),
    schema: set.schema,
    migrationsTableName: MIGRATIONS_TABLE,
    migrations: [...set.migrations],
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    // Failures surface as the rejected run; TypeORM's console logger would print them a second time.
    logger: SILENT_LOGGER,
  });
  await source.initialize();
  try {
    const executor = new MigrationExecutor(source);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    return done.map((migration) => ({ schema: set.schema, name: migration.name }));
  } finally {
    await source.destroy();
  }
}

/** Applies pending migrations (`apply`), or refuses to start while any is pending. */
export async function prepareSchemas(db: SqlDatabase, sets: readonly MigrationSet[], options: { apply: boolean }): Promise<MigrationRef[]> {
  if (options.apply) return applyMigrations(db, sets);
  const pending = await pendingMigrations(db, sets);
  if (pending.length > 0) throw new MigrationsPendingError(pending);
  return [];
}

const HOW_TO_MIGRATE =
  'run the migrations first as the schema owner (`npm run migrate`; in the image `node tools/start-service.js migrate`, ' +
  'which the Kubernetes migrations Job and compose run before the services)';

/** Refusal to start on a schema behind this build. */
export class MigrationsPendingError extends Error {
  override readonly name = 'MigrationsPendingError';
  constructor(readonly pending: readonly MigrationRef[]) {
    super(
      `The database schema is behind this build: ${pending.length} migration(s) pending ` +
        `(${pending.map((m) => `${m.schema}: ${m.name}`).join(', ')}). This process does not migrate (MIGRATE_ON_START=false): ${HOW_TO_MIGRATE}.`,
    );
  }
}

/** Migrations were pending and this database user may not run DDL. */
export class MigrationsNotPermittedError extends Error {
  override readonly name = 'MigrationsNotPermittedError';
  constructor(cause: Error) {
    super(`Migrations are pending and this database user may not run them (${cause.message}): ${HOW_TO_MIGRATE}.`, { cause });
  }
}

function isPermissionDenied(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42501';
}

/**
 * What a service's runtime role needs on its schemas and nothing more: USAGE, DML on the tables,
 * the sequences behind them, and only SELECT on the migration history. No CREATE anywhere.
 */
export function runtimeGrants(schemas: readonly string[], role: string): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(role)) throw new Error(`role "${role}" is not a plain identifier`);
  return [...new Set(schemas)].flatMap((schema) => {
    if (!IDENTIFIER.test(schema)) throw new Error(`schema "${schema}" is not a plain lower-case identifier`);
    return [
      `grant usage on schema ${schema} to ${role}`,
      `grant select, insert, update, delete on all tables in schema ${schema} to ${role}`,
      `grant usage, select on all sequences in schema ${schema} to ${role}`,
      `revoke insert, update, delete on ${schema}.${MIGRATIONS_TABLE} from ${role}`,
    ];
  });
}
