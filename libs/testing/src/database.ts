import { Client } from 'pg';
import { currentRunId, randomSuffix, sanitizeLabel, testInfra } from './infra';

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  url: string;
  /** The database name, `ll_<runId>_<label>_<random>`. */
  name: string;
  /** Terminates the database's connections and drops it. Safe to call more than once. */
  drop(): Promise<void>;
}

const PG_MAX_IDENTIFIER = 63;

/** The prefix of every database created in a run; the global teardown drops what is left. */
export function testDatabasePrefix(runId: string): string {
  return `ll_${sanitizeLabel(runId, '_', 20)}_`;
}

/** Builds the URL of `database` on the server of `adminUrl` (keeps user, password, host, params). */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withAdmin<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Terminates every other connection to `name` and drops it (no error if it does not exist). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    try {
      await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
    } catch (error) {
      // PostgreSQL < 13 has no WITH (FORCE); the connections were terminated above.
      if ((error as { code?: string }).code !== '42601') throw error;
      await client.query(`drop database if exists ${quoteIdent(name)}`);
    }
  });
}

/**
 * Ends every session on the test database `name` (57P01, what a failover or an idle-connection
 * reaper does) and returns how many. The pids are read first and terminated by list: a
 * pg_terminate_backend in a WHERE clause may be evaluated before the database filter, on every
 * backend of the server.
 */
export async function terminateConnections(name: string): Promise<number> {
  if (!name.startsWith(testDatabasePrefix(currentRunId()))) throw new Error(`${name} is not a database of this test run`);
  return withAdmin(testInfra().postgresAdminUrl, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    const pids = rows.map((row) => row.pid);
    if (pids.length === 0) return 0;
    const ended = await client.query<{ ended: boolean }>('select pg_terminate_backend(pid) as ended from unnest($1::int[]) as pid', [pids]);
    return ended.rows.filter((row) => row.ended).length;
  });
}

/** Lets the test database `name` refuse (false) or accept (true) new connections: a database that cannot be reached. */
export async function allowConnections(name: string, allow: boolean): Promise<void> {
  if (!name.startsWith(testDatabasePrefix(currentRunId()))) throw new Error(`${name} is not a database of this test run`);
  await withAdmin(testInfra().postgresAdminUrl, (client) => client.query(`alter database ${quoteIdent(name)} allow_connections ${allow}`));
}

/** Drops every database whose name starts with `prefix`; returns the dropped names. */
export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<string[]> {
  const names = await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    return rows.map((r) => r.datname);
  });
  for (const name of names) await dropDatabase(adminUrl, name);
  return names;
}

/**
 * Creates a fresh, empty database `ll_<runId>_<label>_<random>` on the test PostgreSQL server.
 * Its commits do not wait for the disk (`synchronous_commit = off`; `fastCommits: false` keeps the
 * server's setting): a commit is as visible and as ordered as with a flush, a killed client loses
 * nothing it saw committed, and only a crash of the server itself (which no test does) could lose the
 * last few. The flush is what a test would wait for, at 2-5 ms a commit on the shared CI disk.
 * Call `drop()` in afterAll; whatever a crashed test leaves behind is dropped at the end of the run.
 */
export async function createTestDatabase(label: string, options: { readonly fastCommits?: boolean } = {}): Promise<TestDatabase> {
  const { postgresAdminUrl } = testInfra();
  const prefix = testDatabasePrefix(currentRunId());
  const suffix = `_${randomSuffix(6)}`;
  const room = PG_MAX_IDENTIFIER - prefix.length - suffix.length;
  const name = `${prefix}${sanitizeLabel(label, '_', Math.max(1, room))}${suffix}`;

  await withAdmin(postgresAdminUrl, async (client) => {
    await client.query(`create database ${quoteIdent(name)}`);
    if (options.fastCommits ?? true) await client.query(`alter database ${quoteIdent(name)} set synchronous_commit = off`);
  });

  let dropped = false;
  return {
    name,
    url: databaseUrl(postgresAdminUrl, name),
    async drop() {
      if (dropped) return;
      await dropDatabase(postgresAdminUrl, name);
      dropped = true;
    },
  };
}
