import { Client, Pool, type PoolClient } from 'pg';
import { DatabaseUnavailableError } from '../event-store.errors';
import type { SqlDatabase, SqlExecutor, SqlSession } from '../sql.port';
import { runTransactionBody } from './before-commit';
import { isConnectionLoss } from './connection-loss';
import { PgListener } from './pg.listener';
import { preparedStatementOf, type PreparedStatement } from './prepared-statements';

export interface PgDatabaseOptions {
  /** Pool size for queries and transactions (sessions and LISTEN use their own connections). */
  readonly poolSize?: number;
  readonly applicationName?: string;
  /** How long opening a connection may take before the database counts as unreachable (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Runs of a transaction whose connection was lost before COMMIT (default 3). */
  readonly transactionAttempts?: number;
  /**
   * Leave PostgreSQL's JIT compilation on for this handle's connections (default: off, `set jit = off` on each new
   * connection). The line's statements are short, but the planner prices them by the table sizes it believes: on a
   * new database whose events table has grown for a minute without statistics, a read of a delivery's streams was
   * priced past `jit_optimize_above_cost` and spent ~65 ms compiling for 0.4 ms of work, every call
   * (docs/benchmarks.md, "Issue 15, the nineteenth 2026-12-07 session"). Analysts' own connections are not touched.
   */
  readonly jit?: boolean;
}

/** What a new connection runs first (pool clients, sessions): the session settings the line's statements want. */
const JIT_OFF = 'set jit = off';
/** What a connection for genericPlanStatement's statements runs first, besides JIT_OFF. */
const GENERIC_PLANS = 'set plan_cache_mode = force_generic_plan';
/** Connections for genericPlanStatement's statements (opened at the first such statement) per pool connection. */
const GENERIC_PLAN_POOL_SHARE = 1 / 3;

function clientConfigOf(url: string, options: PgDatabaseOptions) {
  return {
    connectionString: url,
    application_name: options.applicationName ?? 'leadline',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // A server that vanished without closing the socket (failover, a dropped NAT entry) is noticed within a minute.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/** `text` on `client`: by its prepared name when it was marked (`prepared`, looked up once by the caller). */
async function run<Row>(
  client: PoolClient | Client,
  text: string,
  params: readonly unknown[] | undefined,
  prepared = preparedStatementOf(text),
): Promise<{ rows: Row[]; rowCount: number }> {
  const values = params as unknown[] | undefined;
  const result = await (prepared ? client.query({ name: prepared.name, text, values }) : client.query(text, values));
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

function executor(client: PoolClient | Client): SqlExecutor {
  return { query: (text, params) => run(client, text, params) };
}

/**
 * PostgreSQL server through `pg`: a pool for work, dedicated clients for sessions and LISTEN.
 * Every client has an 'error' listener for its whole life (an unhandled one would end the
 * process), and a lost or unreachable server surfaces as DatabaseUnavailableError.
 */
export async function createPgDatabase(url: string, options: PgDatabaseOptions = {}): Promise<SqlDatabase> {
  const clientConfig = clientConfigOf(url, options);
  const settings = options.jit ? [] : [JIT_OFF];
  const poolSize = options.poolSize ?? 10;
  const pool = workPool(clientConfig, poolSize, settings);
  /** genericPlanStatement's statements outside transactions: opened at the first one. */
  let genericPlans: WorkPool | undefined;
  let closed = false;
  // After close, the main pool answers (it refuses): no pool is opened then.
  const poolFor = (prepared: PreparedStatement | undefined): WorkPool =>
    prepared?.genericPlan && !closed
      ? (genericPlans ??= workPool(clientConfig, Math.ceil(GENERIC_PLAN_POOL_SHARE * poolSize), [...settings, GENERIC_PLANS]))
      : pool;
  const attempts = Math.max(1, options.transactionAttempts ?? 3);

  await pool.checkout().then((client) => client.release());
  const listeners = new PgListener(clientConfig);

  return {
    driver: 'pg',
    async query<Row>(text: string, params?: readonly unknown[]) {
      const prepared = preparedStatementOf(text);
      const on = poolFor(prepared);
      const client = await on.checkout();
      try {
        const result = await run<Row>(client, text, params, prepared);
        client.release();
        return result;
      } catch (error) {
        if (!on.failed(client, error)) {
          client.release();
          throw error;
        }
        client.release(asError(error));
        throw new DatabaseUnavailableError(`PostgreSQL connection lost: ${messageOf(error)}`, error);
      }
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.checkout();
        let committing = false;
        try {
          // Not awaited: the body's first statement is written right behind it. Only a lost session fails a BEGIN
          // (in a session already in a transaction it warns; in a failed one the statements behind it fail too), and
          // then the statements behind it fail with it; it is awaited before COMMIT, and its failure is the body's.
          const begun = client.query('begin');
          begun.catch(() => undefined);
          const result = await runTransactionBody(executor(client), fn);
          await begun;
          committing = true;
          await client.query('commit');
          client.release();
          return result;
        } catch (error) {
          if (!pool.failed(client, error)) {
            const rollback = await client.query('rollback').then(
              () => undefined,
              (rollbackError: unknown) => asError(rollbackError),
            );
            client.release(rollback);
            throw error;
          }
          client.release(asError(error));
          // The server rolls back what a lost session had not committed: running the body again is safe.
          if (!committing && attempt < attempts) {
            await delay(50 * attempt);
            continue;
          }
          throw new DatabaseUnavailableError(
            committing
              ? `PostgreSQL connection lost during COMMIT: ${messageOf(error)}`
              : `PostgreSQL connection lost: ${messageOf(error)}`,
            error,
            committing,
          );
        }
      }
    },
    async session(): Promise<SqlSession> {
      const client = new Client(clientConfig);
      let sessionLost = false;
      client.on('error', () => (sessionLost = true));
      client.on('end', () => (sessionLost = true));
      try {
        await client.connect();
        if (!options.jit) await client.query(JIT_OFF);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw new DatabaseUnavailableError(`PostgreSQL is unreachable: ${messageOf(error)}`, error);
      }
      const base = executor(client);
      return {
        async query<Row>(text: string, params?: readonly unknown[]) {
          try {
            return await base.query<Row>(text, params);
          } catch (error) {
            if (!sessionLost && !isConnectionLoss(error)) throw error;
            throw new DatabaseUnavailableError(`PostgreSQL session lost: ${messageOf(error)}`, error);
          }
        },
        get lost() {
          return sessionLost;
        },
        release: () => client.end().catch(() => undefined),
      };
    },
    listen: (channel, onNotify) => listeners.listen(channel, onNotify),
    async close() {
      closed = true;
      await listeners.close();
      await Promise.all([pool.pool.end(), genericPlans?.pool.end()]);
    },
  };
}

interface WorkPool {
  readonly pool: Pool;
  /** A client of the pool, or DatabaseUnavailableError when the server cannot be reached. */
  checkout(): Promise<PoolClient>;
  /** Whether `error` on `client` means its connection is gone (the pool must not take it back). */
  failed(client: PoolClient, error: unknown): boolean;
}

/** A pool of pipelined connections that run `settings` first. */
function workPool(clientConfig: ReturnType<typeof clientConfigOf>, max: number, settings: readonly string[]): WorkPool {
  // Pipelined (`pg`'s pipeline mode): a query goes out while the one before it is still answered, so a transaction's
  // BEGIN travels with its first statement instead of costing a round trip of its own (see `transaction`). Each query
  // keeps its own Sync, result and error, in order; sessions and LISTEN keep plain clients.
  const pool = new Pool({ ...clientConfig, max, pipeline: true });
  /** Clients whose connection failed; the pool must not take them back. */
  const lost = new WeakSet<PoolClient>();
  // The pool listens to its idle clients only; a checked-out client would have no listener at all.
  pool.on('connect', (client) => {
    client.on('error', () => lost.add(client));
    // Queued ahead of whatever the checkout sends; a failure surfaces there (the connection is lost with it).
    for (const setting of settings) client.query(setting).catch(() => undefined);
  });
  pool.on('error', () => undefined);
  return {
    pool,
    async checkout() {
      try {
        return await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailableError(`PostgreSQL is unreachable: ${messageOf(error)}`, error);
      }
    },
    failed: (client, error) => lost.has(client) || isConnectionLoss(error),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function messageOf(error: unknown): string {
  return asError(error).message;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
