/**
 * Event-store benchmark: Leadline's PostgresEventStore vs @event-driven-io/emmett-postgresql,
 * same workload, same PostgreSQL server, one fresh database each (dropped at the end).
 *
 *   npm run bench:event-store -- [--runs 3] [--markdown docs/benchmarks.md]
 *
 * Options (flags, or env):
 *   --runs R            BENCH_RUNS            repetitions, fresh databases each time (default 1);
 *                                             the table reports the median run per figure
 *   --seq N             BENCH_SEQ_EVENTS      sequential single-event appends (default 5000)
 *   --concurrent N      BENCH_CONC_EVENTS     single-event appends by concurrent writers (default 10000)
 *   --writers W         BENCH_WRITERS         concurrent writers (default 16)
 *   --batches B         BENCH_BATCHES         100-event batch appends (default 200)
 *   --batch-size S      BENCH_BATCH_SIZE      events per batch (default 100)
 *   --page P            BENCH_PAGE            global-read page size (default 1000)
 *   --stream-length L   BENCH_STREAM_LENGTH   events per stream in single-event workloads (default 5)
 *   --pool P            BENCH_POOL            connection pool size, both stores (default = writers)
 *   --stores LIST       BENCH_STORES          which to run, comma-separated (default leadline,emmett,raw):
 *                                             leadline, leadline-ungrouped (group commit off), emmett,
 *                                             raw (plain autocommitted inserts into a one-index table: the floor)
 *   --only NAME                               run one of them only
 *   --markdown FILE     BENCH_MARKDOWN        write/replace the generated section of FILE
 *   BENCH_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Each store runs in its own child process (this file with --worker): Emmett's driver (dumbo)
 * installs process-global `pg` type parsers (int8 -> BigInt, jsonb -> its own JSON parser), which
 * would otherwise change how Leadline's queries are parsed and timed.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { parseFlags } from './support/proc-stats';

// ---------------------------------------------------------------------------------------------
// Configuration

interface Config {
  runs: number;
  seqEvents: number;
  concEvents: number;
  writers: number;
  batches: number;
  batchSize: number;
  page: number;
  streamLength: number;
  pool: number;
  stores: StoreName[];
  markdown?: string;
  adminUrl: string;
}

type StoreName = 'leadline' | 'leadline-ungrouped' | 'emmett' | 'raw';
const STORES: StoreName[] = ['leadline', 'leadline-ungrouped', 'emmett', 'raw'];
const STORE_LABELS: Record<StoreName, string> = {
  leadline: 'Leadline',
  'leadline-ungrouped': 'Leadline, group commit off',
  emmett: 'Emmett',
  raw: 'Raw PostgreSQL',
};

function parseArgs(argv: string[]): { flags: Map<string, string>; worker?: string } {
  const flags = parseFlags(argv);
  return { flags, worker: flags.get('worker') };
}

function readConfig(flags: Map<string, string>): Config {
  const num = (flag: string, env: string, fallback: number): number => {
    const raw = flags.get(flag) ?? process.env[env];
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag}/${env}: expected a positive integer, got ${raw}`);
    return value;
  };
  const writers = num('writers', 'BENCH_WRITERS', 16);
  const listed = (flags.get('only') ?? flags.get('stores') ?? process.env.BENCH_STORES ?? 'leadline,emmett,raw').split(',');
  const stores = listed.map((name) => name.trim()).filter(Boolean) as StoreName[];
  const unknown = stores.filter((name) => !STORES.includes(name));
  if (unknown.length > 0 || stores.length === 0)
    throw new Error(`--stores: expected some of ${STORES.join(', ')}, got ${listed.join(',')}`);
  return {
    runs: num('runs', 'BENCH_RUNS', 1),
    seqEvents: num('seq', 'BENCH_SEQ_EVENTS', 5000),
    concEvents: num('concurrent', 'BENCH_CONC_EVENTS', 10000),
    writers,
    batches: num('batches', 'BENCH_BATCHES', 200),
    batchSize: num('batch-size', 'BENCH_BATCH_SIZE', 100),
    page: num('page', 'BENCH_PAGE', 1000),
    streamLength: num('stream-length', 'BENCH_STREAM_LENGTH', 5),
    pool: num('pool', 'BENCH_POOL', writers),
    stores,
    markdown: flags.get('markdown') ?? process.env.BENCH_MARKDOWN,
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement

type WorkloadName = 'seq' | 'concurrent' | 'batch' | 'read';

interface WorkloadResult {
  events: number;
  operations: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** Global read only: events the read returned vs events in the table. */
  expected?: number;
  /** CPU of the bench's store process per event, in microseconds (user + system, `process.cpuUsage`). */
  clientCpuUs?: number;
  /** CPU of the PostgreSQL server per event, in microseconds (postmaster and its children, /proc); absent when not local. */
  serverCpuUs?: number;
}

type StoreResult = Record<WorkloadName, WorkloadResult> & { readApi: string; load: number[] };

interface Target {
  readonly eventsPerSecond?: number;
  readonly p99?: number;
  /** A share of the raw PostgreSQL rate in the same run. */
  readonly ofRaw?: number;
}

const WORKLOADS: { name: WorkloadName; label: (c: Config) => string; target?: Target }[] = [
  { name: 'seq', label: () => 'Single-event append, sequential', target: { eventsPerSecond: 1500, p99: 5 } },
  { name: 'concurrent', label: (c) => `Single-event append, ${c.writers} concurrent writers`, target: { ofRaw: 0.7 } },
  { name: 'batch', label: (c) => `${c.batchSize}-event batch append, sequential`, target: { eventsPerSecond: 25000 } },
  { name: 'read', label: (c) => `Global log read, pages of ${c.page}`, target: { eventsPerSecond: 200000 } },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function summarise(latenciesNs: bigint[], events: number, elapsedNs: bigint): WorkloadResult {
  const ms = latenciesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
  const seconds = Number(elapsedNs) / 1e9;
  return {
    events,
    operations: ms.length,
    seconds,
    eventsPerSecond: events / seconds,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
  };
}

/**
 * The PostgreSQL server's CPU so far, in seconds: the postmaster's user + system time, what it reaped from children
 * that ended (cutime + cstime), and the user + system time of its children alive now (backends, walwriter,
 * checkpointer, …). Only for a server on this machine whose postmaster is readable in /proc; NaN otherwise.
 * Other databases' work on the same server counts too: the figure is only clean on a server of one's own.
 */
function serverCpuSeconds(postmaster: number | undefined): number {
  if (postmaster === undefined) return NaN;
  const ticks = (pid: string | number, fields: number[]): number => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.reduce((sum, f) => sum + Number(rest[f]), 0);
  };
  try {
    // Fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    let total = ticks(postmaster, [11, 12, 13, 14]);
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(rest[1]) === postmaster) total += Number(rest[11]) + Number(rest[12]);
      } catch {
        // ended meanwhile: its time is in the postmaster's cutime/cstime once reaped
      }
    }
    return total / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

/** The postmaster of the server behind `url`, when it runs on this machine: the parent of one of its backends. */
async function localPostmaster(url: string): Promise<number | undefined> {
  const pg = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; addr: string | null }>(
      'select pg_backend_pid() as pid, inet_server_addr()::text as addr',
    );
    const { pid, addr } = rows[0];
    if (addr !== null && !/^(127\.|::1)/.test(addr)) return undefined;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    return ppid > 1 && /postgres/.test(readFileSync(`/proc/${ppid}/cmdline`, 'utf8')) ? ppid : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** CPU of this process and of the server while one workload runs, per event. */
function cpuMeter(postmaster: number | undefined) {
  const client0 = process.cpuUsage();
  const server0 = serverCpuSeconds(postmaster);
  return (result: WorkloadResult): WorkloadResult => {
    const client = process.cpuUsage(client0);
    const server = serverCpuSeconds(postmaster) - server0;
    return {
      ...result,
      clientCpuUs: (client.user + client.system) / result.events,
      serverCpuUs: Number.isFinite(server) ? (server * 1e6) / result.events : undefined,
    };
  };
}

async function timed<T>(latencies: bigint[], op: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await op();
  latencies.push(process.hrtime.bigint() - start);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The workload, against a small adapter per store

interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

interface StoreAdapter {
  readonly readApi: string;
  /** Appends with an exact expected version (0 = new stream); returns the next version. */
  append(streamId: string, events: BenchEvent[], expectedVersion: number): Promise<number>;
  /** Reads the whole global log in pages; calls onPage with each page's latency bookkeeping done by the caller. */
  readPage(cursor: unknown, pageSize: number): Promise<{ count: number; cursor: unknown; done: boolean }>;
  readonly start: unknown;
  close(): Promise<void>;
}

const EVENT_TYPES = ['LeadCaptured', 'LeadEnriched', 'LeadScored', 'LeadRouted', 'AppointmentBooked'];

function makeEvent(streamId: string, n: number): BenchEvent {
  // ~350 bytes of JSON: roughly a Leadline domain event.
  return {
    type: EVENT_TYPES[n % EVENT_TYPES.length],
    data: {
      leadId: streamId,
      seq: n,
      company: { name: `Company ${n}`, domain: `company-${n}.example.com`, employees: 10 + (n % 500) },
      contact: { name: `Contact ${n}`, email: `contact-${n}@company-${n}.example.com` },
      score: n % 100,
      tags: ['inbound', 'b2b', n % 2 ? 'smb' : 'enterprise'],
    },
    metadata: { leadId: streamId, correlationId: randomUUID() },
  };
}

function progress(store: string, message: string): void {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${store.padEnd(8)} ${message}\n`);
}

/** Sequential single-event appends, round-robin over streams of `streamLength` events. */
async function singleSequential(
  store: StoreAdapter,
  prefix: string,
  total: number,
  streamLength: number,
  latencies: bigint[],
): Promise<void> {
  const streams = Math.ceil(total / streamLength);
  const ids = Array.from({ length: streams }, () => `lead-${prefix}${randomUUID()}`);
  const versions = new Array<number>(streams).fill(0);
  for (let i = 0; i < total; i++) {
    const s = i % streams;
    const event = makeEvent(ids[s], i);
    versions[s] = await timed(latencies, () => store.append(ids[s], [event], versions[s]));
  }
}

async function runStore(name: StoreName, store: StoreAdapter, config: Config, postmaster: number | undefined): Promise<StoreResult> {
  const result = { readApi: store.readApi, load: [loadavg()[0]] } as StoreResult;
  let written = 0;

  // 1. Sequential single-event appends.
  progress(name, `seq: warm-up 250, then ${config.seqEvents} single-event appends`);
  await singleSequential(store, 'warm-', 250, config.streamLength, []);
  written += 250;
  {
    const latencies: bigint[] = [];
    const cpu = cpuMeter(postmaster);
    const start = process.hrtime.bigint();
    await singleSequential(store, '', config.seqEvents, config.streamLength, latencies);
    result.seq = cpu(summarise(latencies, config.seqEvents, process.hrtime.bigint() - start));
    written += config.seqEvents;
  }

  // 2. Concurrent single-event appends: each writer owns its streams (no version conflicts).
  progress(name, `concurrent: warm-up, then ${config.concEvents} single-event appends by ${config.writers} writers`);
  const concurrent = async (perWriter: number[], latencies: bigint[]): Promise<void> => {
    await Promise.all(perWriter.map((n) => singleSequential(store, '', n, config.streamLength, latencies)));
  };
  const split = (total: number): number[] =>
    Array.from({ length: config.writers }, (_, w) => Math.floor(total / config.writers) + (w < total % config.writers ? 1 : 0)).filter(
      (n) => n > 0,
    );
  await concurrent(split(config.writers * 20), []);
  written += config.writers * 20;
  {
    const latencies: bigint[] = [];
    const cpu = cpuMeter(postmaster);
    const start = process.hrtime.bigint();
    await concurrent(split(config.concEvents), latencies);
    result.concurrent = cpu(summarise(latencies, config.concEvents, process.hrtime.bigint() - start));
    written += config.concEvents;
  }

  // 3. Batch appends: each stream gets two batches (a new-stream append, then an expected-version append).
  progress(name, `batch: warm-up 10, then ${config.batches} appends of ${config.batchSize} events`);
  const batches = async (count: number, latencies: bigint[]): Promise<void> => {
    let streamId = '';
    let version = 0;
    for (let b = 0; b < count; b++) {
      if (b % 2 === 0) {
        streamId = `lead-${randomUUID()}`;
        version = 0;
      }
      const events = Array.from({ length: config.batchSize }, (_, i) => makeEvent(streamId, version + i));
      version = await timed(latencies, () => store.append(streamId, events, version));
    }
  };
  await batches(10, []);
  written += 10 * config.batchSize;
  {
    const latencies: bigint[] = [];
    const cpu = cpuMeter(postmaster);
    const start = process.hrtime.bigint();
    await batches(config.batches, latencies);
    result.batch = cpu(summarise(latencies, config.batches * config.batchSize, process.hrtime.bigint() - start));
    written += config.batches * config.batchSize;
  }

  // 4. Full global-log read of everything written.
  progress(name, `read: warm-up 3 pages, then the whole log (${written} events) in pages of ${config.page}`);
  {
    let cursor = store.start;
    for (let i = 0; i < 3; i++) cursor = (await store.readPage(cursor, config.page)).cursor;
    const latencies: bigint[] = [];
    let count = 0;
    cursor = store.start;
    const cpu = cpuMeter(postmaster);
    const start = process.hrtime.bigint();
    for (;;) {
      const page = await timed(latencies, () => store.readPage(cursor, config.page));
      count += page.count;
      cursor = page.cursor;
      if (page.done) break;
    }
    result.read = { ...cpu(summarise(latencies, count, process.hrtime.bigint() - start)), expected: written };
  }
  result.load.push(loadavg()[0]);
  progress(name, 'done');
  return result;
}

// ---------------------------------------------------------------------------------------------
// Adapters

async function leadlineAdapter(url: string, config: Config, groupCommit: boolean): Promise<StoreAdapter> {
  const { createPgDatabase, PostgresEventStore, LOG_START } = await import('@leadline/event-store');
  type LogCheckpoint = import('@leadline/event-store').LogCheckpoint;
  const db = await createPgDatabase(url, { poolSize: config.pool, applicationName: 'll-bench' });
  const store = await PostgresEventStore.create(db, groupCommit ? {} : { groupCommit: false });
  return {
    readApi: 'PostgresEventStore.readLog({ after, maxCount })',
    start: LOG_START,
    async append(streamId, events, expectedVersion) {
      const result = await store.appendToStream(streamId, events, { expectedVersion });
      return result.nextExpectedVersion;
    },
    async readPage(cursor, pageSize) {
      const page = await store.readLog({ after: cursor as LogCheckpoint, maxCount: pageSize });
      return { count: page.events.length, cursor: page.checkpoint, done: page.events.length < pageSize };
    },
    close: () => db.close(),
  };
}

async function emmettAdapter(url: string, config: Config): Promise<StoreAdapter> {
  const { getPostgreSQLEventStore, readMessagesBatch } = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import('@event-driven-io/dumbo');
  const pg = await import('pg');
  // One pg.Pool of the same size as Leadline's, shared by the store and the global reader.
  const pool = new pg.Pool({ connectionString: url, max: config.pool, application_name: 'll-bench' });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { connectionString: url, pool } });
  await store.schema.migrate();
  const reader = dumbo({ connectionString: url, pool });
  return {
    // Emmett 0.42 has no public "read the global log" method on the store; its consumers page the
    // log with readMessagesBatch (emt_messages ordered by transaction_id, global_position, below
    // pg_snapshot_xmin, continuing after the last global_position): the same call, without the
    // consumer's polling sleeps.
    readApi: 'readMessagesBatch(executor, { after, batchSize }) (what Emmett consumers call)',
    start: 0n,
    async append(streamId, events, expectedVersion) {
      const result = await store.appendToStream(streamId, events, { expectedStreamVersion: BigInt(expectedVersion) });
      return Number(result.nextExpectedStreamVersion);
    },
    async readPage(cursor, pageSize) {
      const page = await readMessagesBatch(reader.execute, { after: cursor as bigint, batchSize: pageSize });
      return { count: page.messages.length, cursor: page.currentGlobalPosition, done: !page.areMessagesLeft };
    },
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * The floor: what PostgreSQL itself does for the same number of rows and commits, through the
 * same `pg` pool. One autocommitted `insert` of one small row per single-event append (a
 * bigserial key, the stream id and version: one index), one multi-row insert per batch, and
 * pages by key for the read. No version check, no JSON, no notification.
 */
async function rawAdapter(url: string, config: Config): Promise<StoreAdapter> {
  const pg = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: config.pool, application_name: 'll-bench' });
  await pool.query('create table raw_rows (id bigserial primary key, stream_id text not null, version int not null)');
  return {
    readApi: 'select … where id > $1 order by id limit $2',
    start: '0',
    async append(streamId, events, expectedVersion) {
      if (events.length === 1) {
        await pool.query('insert into raw_rows (stream_id, version) values ($1, $2)', [streamId, expectedVersion + 1]);
      } else {
        await pool.query('insert into raw_rows (stream_id, version) select $1, v from generate_series($2::int, $3::int) v', [
          streamId,
          expectedVersion + 1,
          expectedVersion + events.length,
        ]);
      }
      return expectedVersion + events.length;
    },
    async readPage(cursor, pageSize) {
      const { rows } = await pool.query<{ id: string; stream_id: string; version: number }>(
        'select r.id::text as id, r.stream_id, r.version from raw_rows r where r.id > $1 order by r.id limit $2',
        [cursor, pageSize],
      );
      return { count: rows.length, cursor: rows.at(-1)?.id ?? cursor, done: rows.length < pageSize };
    },
    close: () => pool.end(),
  };
}

function adapterFor(name: StoreName, url: string, config: Config): Promise<StoreAdapter> {
  switch (name) {
    case 'leadline':
      return leadlineAdapter(url, config, true);
    case 'leadline-ungrouped':
      return leadlineAdapter(url, config, false);
    case 'emmett':
      return emmettAdapter(url, config);
    case 'raw':
      return rawAdapter(url, config);
  }
}

async function worker(name: StoreName, url: string, config: Config): Promise<void> {
  const postmaster = await localPostmaster(url);
  const store = await adapterFor(name, url, config);
  try {
    const result = await runStore(name, store, config, postmaster);
    process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Orchestration: databases, child processes, report

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function runWorker(name: StoreName, url: string, config: Config): Promise<StoreResult> {
  const args = [
    '-r',
    resolve(__dirname, '..', 'register.cjs'),
    __filename,
    '--worker',
    name,
    '--url',
    url,
    '--config',
    JSON.stringify(config),
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (code !== 0 || !line) {
        reject(new Error(`${name} worker exited with ${code}:\n${out}`));
        return;
      }
      resolvePromise(JSON.parse(line.slice('@@RESULT '.length)) as StoreResult);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of each figure over the runs (throughput, p50 and p99 separately). */
function combine(runs: StoreResult[]): StoreResult {
  const out = { readApi: runs[0].readApi, load: runs.flatMap((r) => r.load) } as StoreResult;
  for (const { name } of WORKLOADS) {
    const rs = runs.map((r) => r[name]);
    out[name] = {
      events: median(rs.map((r) => r.events)),
      operations: median(rs.map((r) => r.operations)),
      seconds: median(rs.map((r) => r.seconds)),
      eventsPerSecond: median(rs.map((r) => r.eventsPerSecond)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      expected: rs[0].expected === undefined ? undefined : median(rs.map((r) => r.expected ?? 0)),
      clientCpuUs: median(rs.map((r) => r.clientCpuUs ?? NaN)),
      serverCpuUs: rs.every((r) => r.serverCpuUs !== undefined) ? median(rs.map((r) => r.serverCpuUs ?? NaN)) : undefined,
    };
  }
  return out;
}

const fmtInt = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const fmtMs = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(1));

function verdict(result: WorkloadResult | undefined, target: Target | undefined, raw: WorkloadResult | undefined): string {
  if (!target || !result) return '—';
  const misses: string[] = [];
  if (target.eventsPerSecond !== undefined && result.eventsPerSecond < target.eventsPerSecond) misses.push('rate');
  if (target.p99 !== undefined && result.p99 > target.p99) misses.push('p99');
  if (target.ofRaw !== undefined) {
    if (!raw) return '— (no raw run)';
    if (result.eventsPerSecond < target.ofRaw * raw.eventsPerSecond) misses.push('share of raw');
  }
  return misses.length === 0 ? '**pass**' : `**miss** (${misses.join('+')})`;
}

function targetText(target: Target | undefined): string {
  if (!target) return '—';
  const parts = [
    target.eventsPerSecond !== undefined ? `≥ ${fmtInt(target.eventsPerSecond)} ev/s` : '',
    target.p99 !== undefined ? `p99 ≤ ${target.p99} ms` : '',
    target.ofRaw !== undefined ? `≥ ${target.ofRaw}× raw PostgreSQL` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function table(config: Config, results: Partial<Record<StoreName, StoreResult>>): string {
  const shown = config.stores;
  const ratio = (a: WorkloadResult | undefined, b: WorkloadResult | undefined): string =>
    a && b ? `${(a.eventsPerSecond / b.eventsPerSecond).toFixed(2)}×` : '—';
  const judged = shown.filter((name) => name !== 'raw');
  const header = [
    'Workload',
    ...shown.flatMap((name) => [`${STORE_LABELS[name]} ev/s`, `${STORE_LABELS[name]} p50 / p99 ms`]),
    'Leadline / Emmett',
    'Leadline / raw',
    'Target',
    ...judged.map((name) => STORE_LABELS[name]),
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|---|${shown.map(() => '---:|---:|').join('')}---:|---:|---|${judged.map(() => '---|').join('')}`,
  ];
  for (const w of WORKLOADS) {
    const raw = results.raw?.[w.name];
    const cells = [
      w.label(config),
      ...shown.flatMap((name) => {
        const r = results[name]?.[w.name];
        return [fmtInt(r?.eventsPerSecond), `${fmtMs(r?.p50)} / ${fmtMs(r?.p99)}`];
      }),
      ratio(results.leadline?.[w.name], results.emmett?.[w.name]),
      ratio(results.leadline?.[w.name], raw),
      targetText(w.target),
      ...judged.map((name) => verdict(results[name]?.[w.name], w.target, raw)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** CPU per event of each store: steadier than the rates, which follow the disk's flush and the machine's load. */
function cpuTable(config: Config, results: Partial<Record<StoreName, StoreResult>>): string {
  const shown = config.stores;
  const us = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : n < 100 ? n.toFixed(1) : fmtInt(n));
  const lines = [
    `| CPU µs per event (client / server) | ${shown.map((name) => STORE_LABELS[name]).join(' | ')} |`,
    `|---|${shown.map(() => '---:|').join('')}`,
  ];
  for (const w of WORKLOADS) {
    const cells = shown.map((name) => {
      const r = results[name]?.[w.name];
      return `${us(r?.clientCpuUs)} / ${us(r?.serverCpuUs)}`;
    });
    lines.push(`| ${w.label(config)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function details(
  config: Config,
  results: Partial<Record<StoreName, StoreResult>>,
  perRun: Partial<Record<StoreName, StoreResult[]>>,
): string {
  const lines: string[] = [];
  lines.push(
    `Workload: ${fmtInt(config.seqEvents)} sequential single-event appends (streams of ${config.streamLength}, round-robin, exact expected version); ` +
      `${fmtInt(config.concEvents)} single-event appends by ${config.writers} concurrent writers (each on its own streams); ` +
      `${config.batches} appends of ${config.batchSize} events (two batches per stream); then one full read of the global log. ` +
      `Each phase is preceded by a short warm-up (its events are included in the read). Pool size ${config.pool} for both stores. ` +
      `Latency is per operation (one append, or one page for the read); p50/p99 nearest-rank. ` +
      `CPU per event: the store's process (\`process.cpuUsage\`, client) and the PostgreSQL server (postmaster and its children ` +
      `from /proc, only when the server runs on this machine; everything the server does counts, so only a server of one's own gives a clean figure) over each timed phase, divided by its events.`,
  );
  if (config.runs > 1) lines.push(`Figures are the median of ${config.runs} runs (each on fresh databases; store order alternates).`);
  for (const store of STORES) {
    const r = results[store];
    if (!r) continue;
    lines.push(
      `- ${store}: global read via \`${r.readApi}\`; read ${fmtInt(r.read.events)} of ${fmtInt(r.read.expected)} events written; ` +
        `1-minute load average at start / end of each run: ${r.load.map((l) => l.toFixed(1)).join(' / ')}.`,
    );
    const runs = perRun[store] ?? [];
    if (runs.length > 1) {
      const spread = WORKLOADS.map((w) => `${w.name} ${runs.map((x) => fmtInt(x[w.name].eventsPerSecond)).join(' / ')}`).join('; ');
      lines.push(`  - ${store} ev/s per run: ${spread}`);
      const cpu = (x: WorkloadResult): string =>
        `${(x.clientCpuUs ?? NaN).toFixed(0)}/${x.serverCpuUs === undefined ? '—' : x.serverCpuUs.toFixed(0)}`;
      lines.push(`  - ${store} CPU µs per event (client/server) per run, concurrent: ${runs.map((x) => cpu(x.concurrent)).join(' / ')}`);
    }
  }
  return lines.join('\n');
}

const START_MARK = '<!-- bench:event-store:start -->';
const END_MARK = '<!-- bench:event-store:end -->';

function writeMarkdown(file: string, section: string): void {
  const path = resolve(process.cwd(), file);
  const block = `${START_MARK}\n${section}\n${END_MARK}`;
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n## Event store: Leadline vs Emmett\n\n';
  const a = text.indexOf(START_MARK);
  const b = text.indexOf(END_MARK);
  if (a !== -1 && b > a) text = text.slice(0, a) + block + text.slice(b + END_MARK.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stderr.write(`[bench] wrote ${path}\n`);
}

async function main(): Promise<void> {
  const { flags, worker: workerName } = parseArgs(process.argv.slice(2));
  if (workerName) {
    const config = JSON.parse(flags.get('config') ?? '{}') as Config;
    await worker(workerName as StoreName, flags.get('url') ?? '', config);
    return;
  }

  const config = readConfig(flags);
  const stores = config.stores;
  const created: string[] = [];
  const dropAll = async (): Promise<void> => {
    if (created.length === 0) return;
    await admin(config.adminUrl, async (c) => {
      for (const db of created.splice(0)) await c.query(`drop database if exists ${db} with (force)`);
    });
  };
  const onSignal = (): void => {
    void dropAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const server = await admin(
    config.adminUrl,
    async (c) => (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v,
  );
  const perRun: Partial<Record<StoreName, StoreResult[]>> = {};
  try {
    for (let run = 0; run < config.runs; run++) {
      const order = run % 2 === 0 ? stores : [...stores].reverse();
      for (const store of order) {
        const database = `ll_bench_${store.replace(/-/g, '_')}_${randomBytes(4).toString('hex')}`;
        await admin(config.adminUrl, (c) => c.query(`create database ${database}`));
        created.push(database);
        progress(store, `run ${run + 1}/${config.runs}: database ${database}`);
        const result = await runWorker(store, databaseUrl(config.adminUrl, database), config);
        (perRun[store] ??= []).push(result);
        await admin(config.adminUrl, (c) => c.query(`drop database if exists ${database} with (force)`));
        created.splice(created.indexOf(database), 1);
      }
    }
  } finally {
    await dropAll();
  }

  const results: Partial<Record<StoreName, StoreResult>> = {};
  for (const store of stores) results[store] = combine(perRun[store] ?? []);

  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${server} (local, ${new URL(config.adminUrl).host})`;
  const command = `npm run bench:event-store --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`;
  const section = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`${command}\``,
    '',
    `Machine: ${machine}.`,
    '',
    table(config, results),
    '',
    cpuTable(config, results),
    '',
    details(config, results, perRun),
  ].join('\n');

  process.stdout.write(`\n${section}\n`);
  if (config.markdown) writeMarkdown(config.markdown, section);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
