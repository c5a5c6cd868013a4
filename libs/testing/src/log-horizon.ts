import { waitFor } from './wait-for';

/** Anything that runs a query: a pool, a client, the event store's SqlDatabase (pg or PGlite). */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface LogHorizonOptions {
  /** Give up after this long (default 100 s, under the integration tests' 120 s). */
  timeoutMs?: number;
}

/**
 * Waits until the global log (`readAll`, `readLog`, every processor and subscription) shows every
 * event committed so far. The log is gap-safe: it never reads past the oldest transaction still open
 * on the server (pg_snapshot_xmin), and on PostgreSQL that is any transaction of any database of the
 * cluster: another suite's, another client's. A test that reads the log, or waits for a reaction to
 * what it appended, waits here first instead of reading once; the horizon only moves forward, so what
 * it reads after this is deterministic. On timeout the error names the transactions that held it.
 * PGlite has one connection: its horizon is always past the events (this returns at once).
 */
export async function waitForLogHorizon(db: Queryable, { timeoutMs = 100_000 }: LogHorizonOptions = {}): Promise<void> {
  const { rows } = await db.query<{ last: string | null }>('select max(transaction_id)::text as last from event_store.events');
  const last = rows[0]?.last;
  if (last === null || last === undefined) return;
  await waitFor(
    async () => {
      const horizon = await db.query<{ passed: boolean }>('select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as passed', [last]);
      return horizon.rows[0]?.passed === true;
    },
    { timeoutMs, intervalMs: 25, message: () => holders(db, last) },
  );
}

/** The oldest open transactions that have written (what holds the horizon), for the timeout's message. */
async function holders(db: Queryable, xid: string): Promise<string> {
  const { rows } = await db.query<{ datname: string; state: string; seconds: string }>(
    `select datname, state, extract(epoch from now() - xact_start)::int::text as seconds from pg_stat_activity
     where backend_xid is not null order by xact_start limit 5`,
  );
  const open = rows.map((r) => `${r.datname} (${r.state}, open ${r.seconds} s)`).join(', ') || 'none visible';
  return `the global log's horizon to pass transaction ${xid}; oldest open transactions on the server: ${open}`;
}
