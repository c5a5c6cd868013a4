/**
 * Local experiment (not the store): what the global log's read costs a processor catching up. A fresh database
 * on the server of BENCH_DATABASE_URL (default the bench cluster, postgres://postgres@127.0.0.1:5433/postgres) is
 * filled with a synthetic log shaped like the line's (5 events per lead in four categories, plus roster and
 * customer events it does not read); then, per round, a new transactional processor reads the four lead
 * categories from the log start to the end (a checkpoint commit per batch, an empty handler): events per second,
 * reads, the time spent in the read (store.readLog) per read, and this process's CPU. With --hold-elsewhere a
 * transaction with an xid is held open in the admin database from before the log is filled to the end: the
 * server-wide horizon (before the per-database one) reads nothing past it. The database is dropped at the end.
 *
 * With --horizon-queries N it then times the horizon alone: N queries of the server-wide expression
 * (pg_snapshot_xmin) and of LOG_HORIZON on one connection, alternated 0-1-1-0 twice, while a transaction with an
 * xid is open in the admin database (so the per-database one looks at pg_stat_activity on every query).
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/log-catch-up.experiment.ts [--leads 20000] [--rounds 2]
 *        [--batch 100] [--hold-elsewhere] [--timeout-s 300] [--horizon-queries 1000]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { createPgDatabase, PostgresEventStore, Processor, type SqlDatabase } from '@leadline/event-store';
import { fillSyntheticLog } from '@leadline/event-store/testing';
import { LOG_HORIZON } from '../../../libs/event-store/src/postgres/log-horizon';
import { parseFlags } from '../support/proc-stats';

const flags = parseFlags(process.argv.slice(2));
const LEADS = Number(flags.get('leads') ?? '20000');
const ROUNDS = Number(flags.get('rounds') ?? '2');
const BATCH = Number(flags.get('batch') ?? '100');
const HOLD_ELSEWHERE = flags.get('hold-elsewhere') === 'true';
const TIMEOUT_MS = Number(flags.get('timeout-s') ?? '300') * 1000;
const HORIZON_QUERIES = Number(flags.get('horizon-queries') ?? '0');
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const CATEGORIES = ['lead', 'enrichment', 'score', 'assignment'];

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function catchUp(db: SqlDatabase, store: PostgresEventStore, round: number): Promise<string> {
  let reads = 0;
  let readMs = 0;
  const timed = Object.create(store) as PostgresEventStore;
  timed.readLog = async (options) => {
    const started = process.hrtime.bigint();
    try {
      return await store.readLog(options);
    } finally {
      reads += 1;
      readMs += Number(process.hrtime.bigint() - started) / 1e6;
    }
  };
  let handled = 0;
  const processor = new Processor(db, timed, {
    id: `catch-up-${round}-${randomBytes(3).toString('hex')}`,
    categories: CATEGORIES,
    batchSize: BATCH,
    handle: async (events) => void (handled += events.length),
  });
  const cpu = process.cpuUsage();
  const started = Date.now();
  await processor.start();
  const outcome = await processor.waitForIdle(TIMEOUT_MS).then(
    () => 'caught up',
    () => `not idle after ${TIMEOUT_MS / 1000} s`,
  );
  const seconds = (Date.now() - started) / 1000;
  await processor.stop();
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return (
    `round ${round}: ${outcome}, ${handled} events in ${seconds.toFixed(2)} s = ${Math.round(handled / seconds)} events/s; ` +
    `${reads} reads, ${(readMs / Math.max(1, reads)).toFixed(2)} ms per read (${Math.round(readMs)} ms in reads); ` +
    `this process's CPU ${Math.round(cpuMs)} ms (${(cpuMs / Math.max(1, handled / 1000)).toFixed(1)} ms per 1,000 events)`
  );
}

/** The horizon alone, server-wide against per-database, alternated, with another database's transaction open. */
async function timeHorizons(url: string): Promise<void> {
  const held = new Client({ connectionString: ADMIN });
  const client = new Client({ connectionString: url });
  await Promise.all([held.connect(), client.connect()]);
  try {
    await held.query('begin');
    await held.query('select pg_current_xact_id()');
    await admin((c) => c.query('select pg_current_xact_id()')); // a later xid completes: the held one is in xip
    const variants = [
      ['server-wide', 'select pg_snapshot_xmin(pg_current_snapshot()) as h'],
      ['per-database', `select ${LOG_HORIZON} as h`],
    ] as const;
    for (const i of [0, 1, 1, 0, 0, 1, 1, 0]) {
      const [label, sql] = variants[i];
      const before = load();
      const started = process.hrtime.bigint();
      for (let n = 0; n < HORIZON_QUERIES; n++) await client.query(sql);
      const us = Number(process.hrtime.bigint() - started) / 1000 / HORIZON_QUERIES;
      console.log(`horizon ${label}: ${us.toFixed(0)} us per query (round trip), ${HORIZON_QUERIES} queries; load ${before}`);
    }
  } finally {
    await held.query('rollback').catch(() => undefined);
    await Promise.all([held.end(), client.end()]);
  }
}

async function main(): Promise<void> {
  const name = `ll_bench_catchup_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const holder = new Client({ connectionString: ADMIN });
  let db: SqlDatabase | undefined;
  try {
    if (HOLD_ELSEWHERE) {
      await holder.connect();
      await holder.query('begin');
      const { rows } = await holder.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
      console.log(`holding transaction ${rows[0].xid} open in the admin database`);
    }
    const url = new URL(ADMIN);
    url.pathname = `/${name}`;
    db = await createPgDatabase(url.toString());
    const store = await PostgresEventStore.create(db);
    await fillSyntheticLog(db, LEADS);
    console.log(
      `${name}: ${LEADS * 5} events in ${CATEGORIES.join(', ')} (+ ${Math.ceil(LEADS / 2) + Math.ceil(LEADS / 250)} others); batch ${BATCH}`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const before = load();
      const line = await catchUp(db, store, round);
      console.log(`${line}; load ${before} -> ${load()}`);
    }
    if (HORIZON_QUERIES > 0) await timeHorizons(url.toString());
  } finally {
    await db?.close().catch(() => undefined);
    if (HOLD_ELSEWHERE) await holder.end().catch(() => undefined);
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
