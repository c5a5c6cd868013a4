import { waitFor } from '@leadline/testing';
import { LOG_HORIZON } from '../src/postgres/log-horizon';
import type { SqlExecutor } from '../src/sql.port';

export interface LogHorizonOptions {
  /** Give up after this long (default 100 s, under the integration tests' 120 s). */
  timeoutMs?: number;
}

/**
 * Waits until the global log (`readAll`, `readLog`, every processor and subscription) shows every
 * event committed so far. The log is gap-safe: it never reads past its horizon (LOG_HORIZON), the
 * oldest transaction still open that may write to this database: this database's own (the test's
 * app at work), and, for the moment of a read, another database's that ended as the read looked.
 * A test that reads the log, or waits for a reaction to what it appended, waits here first instead
 * of reading once; the horizon only moves forward, so what it reads after this is deterministic.
 * On timeout the error names the transactions that held it. PGlite has one connection: its horizon
 * is always past the events (this returns at once).
 */
export async function waitForLogHorizon(db: SqlExecutor, { timeoutMs = 100_000 }: LogHorizonOptions = {}): Promise<void> {
  const { rows } = await db.query<{ last: string | null }>('select max(transaction_id)::text as last from event_store.events');
  const last = rows[0]?.last;
  if (last === null || last === undefined) return;
  await waitFor(
    async () => {
      const horizon = await db.query<{ passed: boolean }>(`select ${LOG_HORIZON} > $1::xid8 as passed`, [last]);
      return horizon.rows[0]?.passed === true;
    },
    { timeoutMs, intervalMs: 25, message: () => holders(db, last) },
  );
}

/** The oldest open transactions of this database that have written (what holds the horizon), for the timeout's message. */
async function holders(db: SqlExecutor, xid: string): Promise<string> {
  const { rows } = await db.query<{ state: string; seconds: string }>(
    `select state, extract(epoch from now() - xact_start)::int::text as seconds from pg_stat_activity
     where backend_xid is not null and datname = current_database() order by xact_start limit 5`,
  );
  const open = rows.map((r) => `${r.state}, open ${r.seconds} s`).join('; ') || 'none visible';
  return `the global log's horizon to pass transaction ${xid}; oldest open transactions of this database: ${open}`;
}
