/**
 * The embedded runner (`npm start`) as the benchmarks start it, with one addition: it counts the
 * transactions PGlite commits, since an embedded PostgreSQL has no pg_stat_database to read. Each
 * autocommitted statement (`query`, `exec`) and each `transaction()` counts as one, as
 * `xact_commit` would count them on a server. The parent asks over IPC: `{ type: 'stats' }`, and
 * `{ type: 'memory' }` for the process's `process.memoryUsage()`, `{ type: 'gc' }` for it after a full collection,
 * `{ type: 'heap-snapshot', path }` writes a V8 heap snapshot (after a full collection) and answers the same.
 * Run as TypeScript through tools/register.cjs or, compiled into `npm start`'s build, as JavaScript (`startEmbedded`).
 * `{ type: 'cpu-prof', action: 'start' }` and `{ type: 'cpu-prof', action: 'stop', path }` take a V8 CPU profile of
 * the window in between (written as a .cpuprofile: Chrome DevTools or speedscope read it).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';

const counts = { statements: 0, transactions: 0 };
/** BENCH_SQL_TALLY=1: also tally what commits (the first 100 characters of each statement or transaction's first statement). */
const tally = process.env.BENCH_SQL_TALLY === '1' ? new Map<string, number>() : undefined;
const note = (sql: unknown, prefix = '') => {
  if (!tally) return;
  const key = prefix + String(sql).replace(/\s+/g, ' ').trim().slice(0, 100);
  tally.set(key, (tally.get(key) ?? 0) + 1);
};
/** The text of each named prepared statement (the PGlite driver names a statement text it meets again), by name. */
const namedTexts = new Map<string, string>();
const decoder = new TextDecoder();
const cString = (message: Uint8Array, start: number): [string, number] => {
  const end = message.indexOf(0, start);
  return [decoder.decode(message.subarray(start, end)), end + 1];
};
/**
 * The statement a protocol message starts, if it starts one: a Parse ('P': name\0 text\0 …, remembered by its name
 * when it has one), a simple query ('Q': text\0) or a Bind of a named statement ('B': portal\0 name\0 …). `named`:
 * a Bind of a named statement, which the driver sends as one message with its Execute, without PGlite's `query`.
 */
function statementOf(message: Uint8Array): { text: string; named: boolean } | undefined {
  if (message[0] === 0x51) return { text: cString(message, 5)[0], named: false };
  if (message[0] === 0x50) {
    const [name, next] = cString(message, 5);
    const [text] = cString(message, next);
    if (name) namedTexts.set(name, text);
    return name ? undefined : { text, named: false };
  }
  if (message[0] === 0x42) {
    const [, next] = cString(message, 5);
    const [name] = cString(message, next);
    const text = name ? namedTexts.get(name) : undefined;
    return text === undefined ? undefined : { text, named: true };
  }
  return undefined;
}
/**
 * BENCH_SQL_TALLY=1: also the time PGlite spends executing each statement (parse to sync, inside the WebAssembly
 * backend, not waiting for its turn), by statement text, from the protocol messages it is handed.
 */
const cost = tally && new Map<string, { n: number; ms: number }>();
let running = '';
/** A statement's text on one line, its middle cut out past 160 characters (the cost table's key). */
const shortened = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 100)} … ${flat.slice(-56)}` : flat;
};
const raw = PGlite.prototype as unknown as {
  execProtocolRawSync: (message: Uint8Array) => Uint8Array;
  execProtocolStream: (message: Uint8Array, options?: unknown) => Promise<unknown>;
  isInTransaction: () => boolean;
};
if (cost) {
  const execute = raw.execProtocolRawSync;
  raw.execProtocolRawSync = function (this: unknown, message: Uint8Array) {
    const statement = statementOf(message);
    if (statement) {
      running = shortened(statement.text);
      const entry = cost.get(running) ?? { n: 0, ms: 0 };
      entry.n += 1;
      cost.set(running, entry);
    } else if (message[0] === 0x50) {
      // Preparing a named statement: its time counts to its text.
      const [, next] = cString(message, 5);
      running = shortened(cString(message, next)[0]);
    }
    const t = performance.now();
    try {
      return execute.call(this, message);
    } finally {
      const entry = cost.get(running);
      if (entry) entry.ms += performance.now() - t;
    }
  };
}
/** A transaction whose first statement is still to be noted (BENCH_SQL_TALLY=1); the driver runs one at a time. */
let transactionFirst = false;
const noteInTransaction = (sql: unknown) => {
  if (!transactionFirst) return;
  transactionFirst = false;
  note(sql, 'tx: ');
};
// The driver's named statements (one message: Bind … Sync) do not go through `query`: counted and noted here.
const stream = raw.execProtocolStream;
raw.execProtocolStream = function (this: typeof raw, message: Uint8Array, options?: unknown) {
  const statement = message[0] === 0x42 ? statementOf(message) : undefined;
  if (statement?.named) {
    if (this.isInTransaction()) noteInTransaction(statement.text);
    else {
      counts.statements += 1;
      note(statement.text);
    }
  }
  return stream.call(this, message, options);
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
    transactionFirst = true;
    const query = tx.query;
    tx.query = (...a: unknown[]) => {
      noteInTransaction(a[0]);
      return query(...a);
    };
    return fn(tx);
  });
};

/** A full collection (what the inspector's "collect garbage" does), so the heap read after it is what is retained. */
function collectGarbage(): Promise<void> {
  const session = new Session();
  session.connect();
  return new Promise<void>((done, fail) => session.post('HeapProfiler.collectGarbage', (error) => (error ? fail(error) : done()))).finally(
    () => session.disconnect(),
  );
}

let profiler: Session | undefined;
function cpuProfile(action: 'start' | 'stop', path?: string): Promise<void> {
  return new Promise((done, fail) => {
    if (action === 'start') {
      profiler = new Session();
      profiler.connect();
      profiler.post('Profiler.enable', () => profiler?.post('Profiler.start', (error) => (error ? fail(error) : done())));
      return;
    }
    profiler?.post('Profiler.stop', (error, result) => {
      if (error) return fail(error);
      if (path) writeFileSync(path, JSON.stringify(result.profile));
      profiler?.disconnect();
      profiler = undefined;
      done();
    });
  });
}

process.on(
  'message',
  (message: { type?: string; id?: number; text?: string; params?: unknown[]; action?: 'start' | 'stop'; path?: string }) => {
    if (message?.type === 'cpu-prof' && message.action) {
      void cpuProfile(message.action, message.path).then(
        () => process.send?.({ type: 'cpu-prof', id: message.id }),
        (error: Error) => process.send?.({ type: 'cpu-prof', id: message.id, error: error.message }),
      );
      return;
    }
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
    if (message?.type === 'memory') {
      process.send?.({ type: 'memory', id: message.id, ...process.memoryUsage() });
      return;
    }
    if (message?.type === 'heap-snapshot' && message.path) {
      // V8 collects garbage before it writes the snapshot, so the memory read after it is what is retained.
      writeHeapSnapshot(message.path);
      process.send?.({ type: 'heap-snapshot', id: message.id, ...process.memoryUsage() });
      return;
    }
    if (message?.type === 'gc') {
      void collectGarbage().then(
        () => process.send?.({ type: 'gc', id: message.id, ...process.memoryUsage() }),
        (error: Error) => process.send?.({ type: 'gc', id: message.id, error: error.message }),
      );
      return;
    }
    if (message?.type !== 'stats') return;
    const top = tally && [...tally].sort((a, b) => b[1] - a[1]).slice(0, 25);
    const costs = cost && [...cost].map(([sql, { n, ms }]) => [sql, n, ms] as const);
    process.send?.({ type: 'stats', ...counts, commits: counts.statements + counts.transactions, top, costs });
  },
);

// Loaded after the counters are in place (an import would be hoisted above them): main.ts through the register hook,
// or (BENCH_PLATFORM_MAIN) `npm start`'s compiled main.js, where nothing loaded reflect-metadata yet (start-service does).
void import(process.env.BENCH_PLATFORM_MAIN ?? join(__dirname, '..', '..', '..', 'apps', 'platform', 'src', 'main.ts'));
