import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor } from '../sql.port';
import { runTransactionBody } from './before-commit';
import { LineFirstGate } from './line-first';
import { PgliteMaintenance, TABLE_ACTIVITY_SQL, toTableActivity, type TableActivityRow } from './pglite-maintenance';
import { PreparedStatements } from './pglite-prepared';
import { copyTemplateInto, isFreshDataDir, loadTemplate, saveTemplate } from './pglite-template';

/**
 * PGlite runs in this thread and settles its promises within microtasks, so a chain of statements (a
 * capture, a processor's batch) would never hand the event loop a turn: sockets went unread and timers
 * unfired until the chain ended, and an HTTP request was not even seen (let alone admitted or refused)
 * before the one ahead of it had been answered. One turn before each statement lets them in.
 */
const turnOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A transaction's statements (`tx`; no gate: the transaction holds the connection), or the database's through
 * `gate`. A statement text met before runs as a named prepared statement (PreparedStatements), the others through
 * PGlite's `query`.
 */
function executor(db: PGlite, prepared: PreparedStatements, tx?: Transaction, gate?: LineFirstGate): SqlExecutor {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      await turnOfTheEventLoop();
      const run = () =>
        prepared.wants(text) ? prepared.run<Row>(text, params, !tx) : (tx ?? db).query<Row>(text, params as unknown[] | undefined);
      const result = await (gate ? gate.run(run) : run());
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/**
 * PGlite's own start parameters with 16 MB of shared buffers instead of PostgreSQL's 128 MB. PGlite
 * places them in its WebAssembly memory, which never shrinks: the default filled to ~150 MB of the
 * process's resident set (at rest already, since the start touches them) and a file read hits the
 * operating system's page cache anyway, at the cost of a copy per 8 kB page. Issue 15's aim is
 * ≤ 300 MB for the whole process; figures in docs/benchmarks.md ("Memory, embedded").
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * How long a statement or transaction off the line (runOffTheLine: the coalescing readers) may wait while the
 * line's go ahead of it before it goes first all the same.
 */
const OFF_THE_LINE_MAX_WAIT_MS = 500;

/**
 * Embedded PostgreSQL (PGlite) with its data in a folder. PGlite has one connection: queries
 * and transactions take turns on it, the line's first (LineFirstGate: a reader off the line's step never
 * goes ahead of a capture's or a line hop's that is ready), and a session is the database. Inside a
 * transaction, use only the `tx` executor: a query on the database would wait for the
 * transaction to finish.
 */
export async function createPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const fresh = dataDir === undefined || isFreshDataDir(dataDir);
  const copied = fresh && dataDir !== undefined && (await copyTemplateInto(dataDir));
  const template = fresh && !copied ? await loadTemplate() : undefined;
  const db = await PGlite.create({ dataDir, loadDataDir: template, startParams: START_PARAMS });
  if (fresh && !copied && !template) await saveTemplate(db);
  const gate = new LineFirstGate(OFF_THE_LINE_MAX_WAIT_MS);
  const prepared = new PreparedStatements(db);
  const base = executor(db, prepared, undefined, gate);
  // PGlite runs no autovacuum: its tables analyzed and vacuumed off the line as autovacuum would (PgliteMaintenance).
  const maintenance = new PgliteMaintenance(
    async () => (await gate.run(() => db.query<TableActivityRow>(TABLE_ACTIVITY_SQL))).rows.map(toTableActivity),
    (sql) => gate.run(() => db.exec(sql)),
  );
  maintenance.start();
  return {
    driver: 'pglite',
    query: base.query,
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      gate.run(() => db.transaction((tx) => runTransactionBody(executor(db, prepared, tx), fn))),
    async session() {
      return { ...base, lost: false, release: async () => undefined };
    },
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channel, onNotify);
      return async () => unlisten();
    },
    async close() {
      await maintenance.stop();
      await db.close();
    },
  };
}
