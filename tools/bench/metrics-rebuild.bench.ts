/**
 * Metrics rebuild benchmark: a million generated events into a fresh PostgreSQL database, the raw
 * global-log read rate (the ceiling), then a rebuild of every read model from position zero.
 *
 *   npm run bench:metrics -- [--events 1000000] [--batch-size 5000] [--seed 1] [--keep]
 *
 *   --events N        events to generate (default 1,000,000)
 *   --batch-size B    events per rebuild transaction and per raw read page (default 5000)
 *   --seed S          history seed (default 1)
 *   --pool P          connection pool size (default 10)
 *   --keep            keep the database (its name is printed) instead of dropping it
 *   BENCH_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * The history comes from libs/services/metrics/test/history-generator.ts (every path of the line,
 * about 12 events a lead) and is loaded with multi-row inserts of 5,000 events (the rows the store
 * writes), which is not what is measured. Before measuring, the events table is vacuumed and
 * analysed, so neither pass pays for setting hint bits on freshly loaded rows.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  createPgDatabase,
  LOG_START,
  PostgresEventStore,
  type LogCheckpoint,
  type SqlDatabase,
  type SqlExecutor,
} from '@leadline/event-store';
import { rebuildMetrics, READ_MODELS, type ReadModel } from '@leadline/service-metrics';
import { bulkAppendHistory } from '../../libs/services/metrics/test/history-append';
import { generateHistory, type HistoryAppend } from '../../libs/services/metrics/test/history-generator';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => (ms / 1000).toFixed(1);
const log = (line: string) => process.stdout.write(`${line}\n`);

function dbUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Exactly `target` events of the generated history (the last lead may stop mid-journey). */
function* firstEvents(target: number, seed: number): Generator<HistoryAppend[]> {
  let left = target;
  for (const wave of generateHistory({ seed, leads: Math.ceil(target / 8), wave: 2_000 })) {
    const out: HistoryAppend[] = [];
    for (const append of wave) {
      if (left <= 0) break;
      const events = append.events.slice(0, left);
      left -= events.length;
      out.push({ streamId: append.streamId, events });
    }
    yield out;
    if (left <= 0) return;
  }
}

async function load(db: SqlDatabase, target: number, seed: number): Promise<number> {
  const started = Date.now();
  const versions = new Map<string, number>();
  let written = 0;
  let generateMs = 0;
  const waves = firstEvents(target, seed);
  for (;;) {
    const t0 = Date.now();
    const next = waves.next();
    generateMs += Date.now() - t0;
    if (next.done) break;
    written += await bulkAppendHistory(db, next.value, { chunk: 5_000, versions });
    if (process.stdout.isTTY) process.stdout.write(`\r  loaded ${fmt(written)} events`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  log(`  ${fmt(written)} events in ${secs(Date.now() - started)} s (generation ${secs(generateMs)} s)`);
  return written;
}

async function rawRead(store: PostgresEventStore, pageSize: number): Promise<{ events: number; ms: number }> {
  const started = Date.now();
  let after: LogCheckpoint = LOG_START;
  let events = 0;
  for (;;) {
    const page = await store.readLog({ after, maxCount: pageSize });
    if (page.events.length === 0) break;
    events += page.events.length;
    after = page.checkpoint;
  }
  return { events, ms: Date.now() - started };
}

interface ModelTime {
  ms: number;
  sqlMs: number;
  statements: number;
  events: number;
}

/** The models with their apply timed: wall time inside the batch transaction, and the part spent waiting for SQL. */
function timed(models: readonly ReadModel[], times: Map<string, ModelTime>): ReadModel[] {
  return models.map((model) => ({
    ...model,
    apply: async (events, ctx) => {
      const time = times.get(model.name) ?? { ms: 0, sqlMs: 0, statements: 0, events: 0 };
      const tx: SqlExecutor = {
        query: async (text, params) => {
          const q0 = performance.now();
          try {
            return await ctx.tx.query(text, params);
          } finally {
            time.sqlMs += performance.now() - q0;
            time.statements += 1;
          }
        },
      };
      const t0 = performance.now();
      await model.apply(events, { ...ctx, tx });
      time.ms += performance.now() - t0;
      time.events += events.length;
      times.set(model.name, time);
    },
  }));
}

/** CPU seconds used so far by every PostgreSQL server process on this machine (from /proc). */
function postgresCpuSeconds(): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      'batch-size': { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      pool: { type: 'string', default: '10' },
      keep: { type: 'boolean', default: false },
    },
  });
  const target = Number(values.events);
  const batchSize = Number(values['batch-size']);
  const name = `ll_bench_metrics_${randomBytes(4).toString('hex')}`;
  const server = await admin(async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0].v.split(' on ')[0]);
  log(
    `Metrics rebuild benchmark, ${new Date().toISOString()}: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${server}`,
  );
  log(`Database ${name}; ${fmt(target)} events; batch ${fmt(batchSize)}; read models: ${READ_MODELS.map((m) => m.name).join(', ')}`);
  await admin((c) => c.query(`create database ${name}`));
  let db: SqlDatabase | undefined;
  const cleanup = async () => {
    await db?.close().catch(() => undefined);
    if (!values.keep) await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    db = await createPgDatabase(dbUrl(name), { poolSize: Number(values.pool), applicationName: 'leadline-bench-metrics' });
    const store = await PostgresEventStore.create(db);
    log('Loading the history');
    const written = await load(db, target, Number(values.seed));
    await db.query('vacuum (analyze) event_store.events');
    await db.query('vacuum (analyze) event_store.streams');

    log(`Raw global-log read, pages of ${fmt(batchSize)} (readLog, no projection)`);
    const read = await rawRead(store, batchSize);
    const readRate = (read.events * 1000) / read.ms;
    log(`  ${fmt(read.events)} events in ${secs(read.ms)} s: ${fmt(readRate)} events/s`);

    log('Rebuild of every read model from position zero into a new version, then the switch');
    const times = new Map<string, ModelTime>();
    const cpu0 = process.cpuUsage();
    const pg0 = postgresCpuSeconds();
    const result = await rebuildMetrics(db, store, timed(READ_MODELS, times), { batchSize, switchMaxLag: 0, keepRetired: 1 });
    const cpu = process.cpuUsage(cpu0);
    const pgCpu = postgresCpuSeconds() - pg0;
    log(
      `  version ${result.version} live: ${fmt(result.events)} events in ${secs(result.elapsedMs)} s: ${fmt(result.eventsPerSecond)} events/s (${Math.round((100 * result.eventsPerSecond) / readRate)}% of the raw read rate)`,
    );
    log(
      `  CPU during the rebuild: Node ${secs((cpu.user + cpu.system) / 1000)} s, PostgreSQL ${pgCpu.toFixed(1)} s, of ${secs(result.elapsedMs)} s wall on ${cpus().length} cores`,
    );
    let applied = 0;
    for (const [model, time] of [...times.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      applied += time.ms;
      log(
        `  ${model.padEnd(14)} apply ${secs(time.ms).padStart(5)} s (${String(Math.round((100 * time.ms) / result.elapsedMs)).padStart(2)}% of the rebuild): ` +
          `SQL ${secs(time.sqlMs)} s in ${fmt(time.statements)} statements, JS ${secs(time.ms - time.sqlMs)} s; ${fmt(time.events)} events`,
      );
    }
    log(`  engine (reads not hidden by read-ahead, version row, checkpoints, commits, switch): ${secs(result.elapsedMs - applied)} s`);
    const counts: string[] = [];
    for (const model of READ_MODELS) {
      for (const table of model.tables) {
        const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from metrics_v${result.version}.${table}`);
        counts.push(`${table} ${fmt(Number(rows[0].n))}`);
      }
    }
    log(`  rows: ${counts.join(', ')}`);
    if (written !== result.events) throw new Error(`rebuilt ${result.events} of ${written} events`);
    log(
      `Result: ${fmt(written)} events, read ceiling ${fmt(readRate)} events/s, rebuild ${fmt(result.eventsPerSecond)} events/s in ${secs(result.elapsedMs)} s (aim ≥ 30,000 events/s, under 35 s)`,
    );
  } finally {
    await cleanup();
    if (values.keep) log(`Kept database ${name}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:metrics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
