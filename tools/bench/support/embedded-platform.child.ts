/**
 * The embedded runner (`npm start`) as the benchmarks start it, with one addition: it counts the
 * transactions PGlite commits, since an embedded PostgreSQL has no pg_stat_database to read. Each
 * autocommitted statement (`query`, `exec`) and each `transaction()` counts as one, as
 * `xact_commit` would count them on a server. The parent asks over IPC: `{ type: 'stats' }`.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const counts = { statements: 0, transactions: 0 };
/** BENCH_SQL_TALLY=1: also tally what commits (the first 100 characters of each statement or transaction's first statement). */
const tally = process.env.BENCH_SQL_TALLY === '1' ? new Map<string, number>() : undefined;
const note = (sql: unknown, prefix = '') => {
  if (!tally) return;
  const key = prefix + String(sql).replace(/\s+/g, ' ').trim().slice(0, 100);
  tally.set(key, (tally.get(key) ?? 0) + 1);
};
const proto = PGlite.prototype as unknown as Record<'query' | 'exec' | 'transaction', (...args: unknown[]) => Promise<unknown>>;
/** The platform's PGlite, so the bench can read the event store through `{ type: 'sql' }` (PGlite has one connection). */
let database: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> } | undefined;
for (const method of ['query', 'exec'] as const) {
  const original = proto[method];
  proto[method] = function (this: unknown, ...args: unknown[]) {
    database ??= this as typeof database;
    counts.statements += 1;
    note(args[0]);
    return original.apply(this, args);
  };
}
const transaction = proto.transaction;
proto.transaction = function (this: unknown, ...args: unknown[]) {
  counts.transactions += 1;
  const [fn] = args as [(tx: { query: (...a: unknown[]) => Promise<unknown> }) => Promise<unknown>];
  if (!tally) return transaction.apply(this, args);
  return transaction.call(this, (tx: { query: (...a: unknown[]) => Promise<unknown> }) => {
    let first = true;
    const query = tx.query;
    tx.query = (...a: unknown[]) => {
      if (first) note(a[0], 'tx: ');
      first = false;
      return query(...a);
    };
    return fn(tx);
  });
};

process.on('message', (message: { type?: string; id?: number; text?: string; params?: unknown[] }) => {
  if (message?.type === 'sql' && database) {
    // Not counted: the bench's own reads are not the platform's commits.
    const run = Object.getPrototypeOf(proto).query ?? proto.query;
    void (run as (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>)
      .call(database, message.text ?? '', message.params)
      .then(
        (result) => process.send?.({ type: 'sql', id: message.id, rows: result.rows }),
        (error: Error) => process.send?.({ type: 'sql', id: message.id, error: error.message }),
      );
    return;
  }
  if (message?.type !== 'stats') return;
  const top = tally && [...tally].sort((a, b) => b[1] - a[1]).slice(0, 25);
  process.send?.({ type: 'stats', ...counts, commits: counts.statements + counts.transactions, top });
});

// Loaded after the counters are in place (an import would be hoisted above them).
void import(join(__dirname, '..', '..', '..', 'apps', 'platform', 'src', 'main.ts'));
