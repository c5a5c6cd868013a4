/**
 * Pipeline benchmark: inbound leads at a fixed rate through the distributed services
 * (lead-intake, enrichment, scoring, routing as separate processes) on real Kafka and PostgreSQL.
 *
 *   npm run bench:pipeline -- [--rate 50] [--leads 1500 | --duration-s 60] [--markdown docs/benchmarks.md]
 *
 * Options (flags):
 *   --rate R             leads per second, open loop (default 50)
 *   --leads N            leads to post (default 1500); --duration-s S posts rate × S leads instead
 *   --sdrs K             inbound SDRs registered (default 20)
 *   --broker HOST:PORT   Kafka bootstrap (default: start or reuse tools/kafka/local-kafka.sh)
 *   --database-url URL   admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
 *                        a fresh database ll_bench_pipeline_<rand> is created and dropped at the end
 *   --drain-timeout-s S  how long to wait after the last post for every lead to be assigned (default 120)
 *   --floor-samples N    samples for each floor measurement (default 500)
 *   --warmup N           warm-up leads assigned before the measurement starts, not counted (default 10),
 *                        posted one after another
 *   --warmup-s S         warm up at the measured rate instead: rate × S leads posted open loop over S seconds, all
 *                        assigned before the measurement starts, not counted (what a line that has run a while sees:
 *                        V8 optimises a function after thousands of calls, ~20–60 s at 50 leads/s)
 *   --markdown FILE      write/replace the generated section of FILE (between bench:pipeline markers);
 *                        the section keeps one row per (rate, leads) configuration, the newest wins
 *   --keep-output        print the services' output at the end (otherwise only on failure)
 *   --idle-s S           seconds to measure the services' CPU while idle, after the warm-up (default 5)
 *   --label NAME         names the code measured (before / after): rows with different labels stand side by side
 *   --prof DIR           run the services with `node --prof` (V8 tick log, DIR/<service>.log; read it with
 *                        `node --prof-process DIR/<service>.log`)
 *   --cpu-prof DIR       run the services with `node --cpu-prof` instead (DIR/<service>.cpuprofile, written when the
 *                        service exits at the end; open it in Chrome DevTools or read it with a script)
 *   --tracing            tracing on: the services export every span over OTLP/HTTP (protobuf, the SDK's default
 *                        protocol and batching) to a sink in the bench that counts and discards them; a run with
 *                        it keeps a row of its own, so the same rate and leads with and without give the overhead
 *   --connections N      the load posts over node:http's keep-alive agent (a connection is reused once its answer
 *                        came; a new one opens when none is free), at most N connections (default 0: no bound);
 *                        with a bound, requests beyond it wait in the client and that wait counts in their time
 *   --fetch              the load posts with fetch instead (the bench before 2026-12-05 22:40 UTC: its CPU per
 *                        request starved the bench's own process at 500/s on a busy machine)
 *   --combined           the four services in ONE process (the platform runner with
 *                        SERVICES=lead-intake,enrichment,scoring,routing) instead of four; its CPU and RSS are
 *                        reported as `combined`, and the run keeps a row of its own
 *   --compiled           run the services as the image runs them: `npm start`'s compiled build (brought up to date
 *                        first, as `npm start` does), each started by the build's tools/start-image.sh <name> (plain
 *                        node, no transpiler in the process); without it, the TypeScript sources through
 *                        tools/register.cjs (SWC on require). A run with it keeps a row of its own
 *   --node-flags=F       node and V8 flags each service's node runs with, space-separated, given with `=` (e.g.
 *                        --node-flags=--single-threaded-gc: the V8 flags NODE_OPTIONS refuses); with --compiled, node runs the
 *                        build's tools/start-service.js with them, as its start-image.sh would without. A run with
 *                        them keeps a row of its own
 *
 * Latency per lead = LeadAssigned.recorded_at − LeadCaptured.recorded_at (both `now()` of the writing
 * transaction on the same PostgreSQL clock). The HTTP figure is the bench's send time (wall clock, same
 * machine) to LeadAssigned.recorded_at. The PostgreSQL server's CPU per lead (when it runs on this machine) and the
 * bench database's statements and their execution time per lead (when the server loads pg_stat_statements) are
 * read over the load + drain, `—` otherwise (support/pg-server-stats.ts).
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { generateApiKey } from '@leadline/platform';
import { freePort, killIfRunning, runCommand, runNode, runTs, type TsProcess } from '@leadline/testing';
import {
  ROOT,
  START_BUILD,
  benchLogger,
  buildAsNpmStart,
  cleanUpOnSignals,
  cleanup,
  createBenchDatabase,
  deleteTopicsAtCleanup,
  onCleanup,
  resolveBroker,
  sleep,
} from './support/bench-infra';
import { inboundLead, inboundSdr } from './support/lead-fixtures';
import { pgServerWindow, type PgServerUse } from './support/pg-server-stats';
import { localListener } from './support/local-listener';
import { busyShare, cpuSeconds, dist, f1, f2, machineJiffies, parseFlags, type Dist } from './support/proc-stats';

const SERVICES = ['lead-intake', 'enrichment', 'scoring', 'routing'] as const;
const START = '<!-- bench:pipeline:start -->';
const END = '<!-- bench:pipeline:end -->';
const DATA = '<!-- bench:pipeline:data ';

// ---------------------------------------------------------------------------------------------
// Configuration

interface Config {
  rate: number;
  leads: number;
  durationS?: number;
  sdrs: number;
  broker?: string;
  adminUrl: string;
  drainTimeoutS: number;
  floorSamples: number;
  warmup: number;
  /** --warmup-s: the warm-up paced at `rate` over this many seconds (warmup = rate × S). */
  warmupS?: number;
  markdown?: string;
  keepOutput: boolean;
  prof?: string;
  cpuProf?: string;
  idleS: number;
  /** Names the code measured (e.g. before / after a change): rows with different labels are kept side by side. */
  label?: string;
  tracing: boolean;
  /** --combined: the four services in one process (SERVICES) instead of one process each. */
  combined: boolean;
  /** --compiled: the services from `npm start`'s compiled build through its tools/start-image.sh, not the sources. */
  compiled: boolean;
  /** --connections: the load's keep-alive connections to intake at most (0: no bound). */
  connections: number;
  /** --fetch: the load posts with fetch (undici's global dispatcher) instead of node:http's keep-alive agent. */
  fetch: boolean;
  /** --node-flags: node and V8 flags for each service's node (none: node's and V8's defaults). */
  nodeFlags: string[];
}

function readConfig(flags: Map<string, string>): Config {
  const num = (flag: string, fallback: number, allowZero = false): number => {
    const raw = flags.get(flag);
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
      throw new Error(`--${flag}: expected a positive number, got ${raw}`);
    return value;
  };
  const rate = num('rate', 50);
  const durationS = flags.has('duration-s') ? num('duration-s', 60) : undefined;
  return {
    rate,
    durationS,
    leads: durationS !== undefined ? Math.round(rate * durationS) : Math.round(num('leads', 1500)),
    sdrs: Math.round(num('sdrs', 20)),
    broker: flags.get('broker'),
    adminUrl: flags.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    drainTimeoutS: num('drain-timeout-s', 120),
    floorSamples: Math.round(num('floor-samples', 500)),
    warmup: flags.has('warmup-s') ? Math.round(rate * num('warmup-s', 60)) : Math.round(num('warmup', 10, true)),
    warmupS: flags.has('warmup-s') ? num('warmup-s', 60) : undefined,
    markdown: flags.get('markdown'),
    keepOutput: flags.has('keep-output'),
    prof: flags.get('prof') ?? flags.get('cpu-prof'),
    cpuProf: flags.get('cpu-prof'),
    idleS: num('idle-s', 5, true),
    label: flags.get('label'),
    tracing: flags.has('tracing'),
    combined: flags.has('combined'),
    compiled: flags.has('compiled'),
    connections: Math.round(num('connections', 0, true)),
    fetch: flags.has('fetch'),
    nodeFlags: nodeFlagsOf(flags.get('node-flags')),
  };
}

/** --node-flags' value as node's arguments; a value that is not flags (none given: `true`) is refused. */
function nodeFlagsOf(raw: string | undefined): string[] {
  const flags = (raw ?? '').split(/\s+/).filter(Boolean);
  const stray = flags.find((flag) => !flag.startsWith('-'));
  if (stray !== undefined) throw new Error(`--node-flags: expected node flags as --node-flags="--flag ...", got ${stray}`);
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = benchLogger('bench:pipeline');
const nowEpochMs = () => performance.timeOrigin + performance.now();

const fint = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const fdist = (d: Dist) => `p50 ${f1(d.p50)} · p95 ${f1(d.p95)} · p99 ${f1(d.p99)} · max ${f1(d.max)} ms (n=${d.n})`;

/** Committed transactions and statements' row reads on the bench database so far (pg_stat_database). */
async function dbCounters(db: Client): Promise<{ commits: number; returned: number }> {
  await sleep(1100); // backends flush their statistics at most once a second
  const { rows } = await db.query<{ c: string; r: string }>(
    'select xact_commit as c, tup_returned as r from pg_stat_database where datname = current_database()',
  );
  return { commits: Number(rows[0].c), returned: Number(rows[0].r) };
}

/** Resident set size now and at its peak (VmRSS, VmHWM), in MiB, from /proc (Linux only). */
function memoryMiB(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** Whether a test run (jest) is running on this machine: the figures of a run that overlapped one are marked. */
async function jestRunning(): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)('pgrep', ['-f', '[j]est']);
    return stdout.trim().length > 0;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

// ---------------------------------------------------------------------------------------------
// Infrastructure

cleanUpOnSignals(log);

async function serverInfo(url: string): Promise<{ version: string; settings: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const version = (await c.query<{ v: string }>(`select split_part(version(), ' on ', 1) as v`)).rows[0].v;
    const rows = (
      await c.query<{ name: string; setting: string }>(
        `select name, setting from pg_settings where name in ('fsync','synchronous_commit','max_connections','shared_buffers') order by name`,
      )
    ).rows;
    return { version, settings: rows.map((r) => `${r.name}=${r.setting}`).join(', ') };
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The floor: one PostgreSQL commit, one Kafka produce-to-consume round trip

interface Floor {
  pgCommit: Dist;
  kafkaAck: Dist;
  kafkaRoundTrip: Dist;
}

async function measurePgCommit(url: string, samples: number): Promise<Dist> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      'create table bench_floor_scratch (id bigserial primary key, payload text not null, at timestamptz not null default now())',
    );
    const times: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const t = performance.now();
      await c.query('insert into bench_floor_scratch (payload) values ($1)', [`floor-${i}`]);
      if (i >= 20) times.push(performance.now() - t);
    }
    await c.query('drop table bench_floor_scratch');
    return dist(times);
  } finally {
    await c.end();
  }
}

async function measureKafkaRoundTrip(brokers: string[], prefix: string, samples: number): Promise<{ ack: Dist; roundTrip: Dist }> {
  const kafka = new Kafka({ clientId: 'bench-pipeline-floor', brokers, logLevel: logLevel.ERROR });
  const topic = `${prefix}floor`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  // A busy broker can answer "does not host this topic-partition" for a moment after the create.
  for (let tries = 0; ; tries++) {
    const ok = await admin.fetchTopicMetadata({ topics: [topic] }).then(
      (m) => m.topics[0]?.partitions.every((p) => p.leader >= 0) ?? false,
      () => false,
    );
    if (ok) break;
    if (tries >= 50) throw new Error(`kafka floor: topic ${topic} has no leader after 10 s`);
    await sleep(200);
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: `${prefix}floor`, allowAutoTopicCreation: false });
  const waiting = new Map<string, (at: number) => void>();
  let joined!: () => void;
  const joinedP = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const key = message.key?.toString() ?? '';
        waiting.get(key)?.(at);
        waiting.delete(key);
      },
    });
    await joinedP;
    await sleep(500);
    const ack: number[] = [];
    const rt: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const key = `m${i}`;
      const received = new Promise<number>((r, reject) => {
        waiting.set(key, r);
        setTimeout(() => reject(new Error(`kafka floor: message ${key} not consumed within 10 s`)), 10_000).unref();
      });
      const t = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key, value: `{"n":${i}}` }] });
      const acked = performance.now();
      const at = await received;
      if (i >= 20) {
        ack.push(acked - t);
        rt.push(at - t);
      }
    }
    return { ack: dist(ack), roundTrip: dist(rt) };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Services

interface Service {
  name: string;
  port: number;
  child: TsProcess;
}

/** runTs with `node --prof` (or `--cpu-prof`) in front (V8 flags cannot go through NODE_OPTIONS). */
function runProfiled(
  file: string,
  env: Record<string, string>,
  logFile: string,
  { cpuProf, compiled, nodeFlags }: { cpuProf: boolean; compiled: boolean; nodeFlags: readonly string[] },
): TsProcess {
  const profiling = cpuProf
    ? ['--cpu-prof', `--cpu-prof-dir=${dirname(logFile)}`, `--cpu-prof-name=${basename(logFile, '.log')}.cpuprofile`]
    : ['--prof', '--no-logfile-per-isolate', `--logfile=${logFile}`];
  // Compiled: the app's main.js after what start-service.js loads first (reflect-metadata), as the image runs it.
  const loader = compiled ? ['-r', 'reflect-metadata'] : ['-r', join(ROOT, 'tools', 'register.cjs')];
  return runNode([...nodeFlags, ...profiling, ...loader, file], { env });
}

/**
 * A service as the run asks: compiled, as the image runs it (start-image.sh execs `node start-service.js <name>`; with
 * node flags, that command with them), or from the sources through tools/register.cjs.
 */
function runService(
  app: string,
  file: string,
  env: Record<string, string>,
  { compiled, nodeFlags }: { compiled: boolean; nodeFlags: readonly string[] },
): TsProcess {
  if (compiled && nodeFlags.length === 0) return runCommand('sh', [join(START_BUILD, 'tools', 'start-image.sh'), app], { env });
  if (compiled) return runNode([...nodeFlags, join(START_BUILD, 'tools', 'start-service.js'), app], { env });
  if (nodeFlags.length === 0) return runTs(file, [], env);
  return runNode([...nodeFlags, '-r', join(ROOT, 'tools', 'register.cjs'), file], { env });
}

/** The process that hosts all four with --combined: the platform runner, narrowed by SERVICES. */
const COMBINED = 'combined';

async function startServices(
  env: Record<string, string>,
  {
    profDir,
    combined,
    cpuProf,
    compiled,
    nodeFlags,
  }: { profDir?: string; combined: boolean; cpuProf: boolean; compiled: boolean; nodeFlags: readonly string[] },
): Promise<Service[]> {
  const services: Service[] = [];
  if (profDir) mkdirSync(resolve(profDir), { recursive: true });
  for (const name of combined ? [COMBINED] : SERVICES) {
    const port = await freePort();
    const app = combined ? 'platform' : name;
    const serviceEnv = { ...env, PORT: String(port), ...(combined ? { SERVICES: SERVICES.join(','), DEMO_ORG: 'false' } : {}) };
    const file = compiled ? join(START_BUILD, 'apps', app, 'src', 'main.js') : join(ROOT, 'apps', app, 'src', 'main.ts');
    const child = profDir
      ? runProfiled(file, serviceEnv, join(resolve(profDir), `${name}.log`), { cpuProf, compiled, nodeFlags })
      : runService(app, file, serviceEnv, { compiled, nodeFlags });
    services.push({ name, port, child });
  }
  onCleanup('stop services', () => Promise.all(services.map((s) => killIfRunning(s.child, 'SIGTERM'))));
  const started = performance.now();
  await Promise.all(
    services.map(async (s) => {
      for (;;) {
        if (s.child.exitCode !== null || s.child.signalCode !== null) {
          throw new Error(
            `${s.name} exited (${s.child.exitCode ?? s.child.signalCode}) before it was ready:\n${s.child.output().slice(-3000)}`,
          );
        }
        const ok = await fetch(`http://127.0.0.1:${s.port}/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        // A shared, loaded machine can take minutes to start four Node processes.
        if (performance.now() - started > 300_000) throw new Error(`${s.name} not ready within 300 s:\n${s.child.output().slice(-3000)}`);
        await sleep(250);
      }
      log(`${s.name} ready on :${s.port} (pid ${s.child.pid}) after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }),
  );
  return services;
}

/** Distinct person, phone and company domain per n (the run tag keeps runs apart on a shared DB). */
const benchLead = (n: number, tag: string) =>
  inboundLead(n, { prefix: 'bench', tag, firstName: 'Pat', lastName: 'Prospect', exchange: 200 });

/** The services run with this admin key (AUTH_ADMIN_KEY); the bench's requests carry it. */
const ADMIN_KEY = generateApiKey().key;

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return answerOf(response.status, await response.text());
}

/** An answer's status and body: its JSON, `{ raw }` when the body is not JSON, `{}` when empty. */
function answerOf(status: number, text: string): { status: number; json: Record<string, unknown> } {
  try {
    return { status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return { status, json: { raw: text } };
  }
}

/**
 * The keep-alive agent's socket timeout: it closes a free connection after this long or 1 s before the server's
 * `Keep-Alive: timeout` hint runs out, whichever is sooner (a request in flight is not cut by it: the bench does not
 * listen for its 'timeout').
 */
const KEEP_ALIVE_AGENT_TIMEOUT_MS = 60_000;

/**
 * POSTs `body` over `agent`'s keep-alive connections (node:http): at most its maxSockets at once, the rest wait in
 * the agent's queue, and that wait counts in the answer's time (the send time is taken before it).
 */
function postJsonOver(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(payload)),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve(answerOf(response.statusCode ?? 0, Buffer.concat(chunks).toString())));
      },
    );
    // A transport failure says whether it came on a reused connection (a keep-alive race) or a new one.
    req.on('error', (error: Error) =>
      reject(req.reusedSocket ? Object.assign(error, { message: `${error.message} (reused connection)` }) : error),
    );
    req.end(payload);
  });
}

// ---------------------------------------------------------------------------------------------
// Load: open loop

interface Sent {
  n: number;
  plannedMs: number; // epoch ms
  sentMs: number; // epoch ms
  status?: number;
  answeredMs?: number;
  leadId?: string;
  error?: string;
  /** Failed at the transport (no HTTP answer): the cause's code (ECONNRESET, UND_ERR_CONNECT_TIMEOUT, ...). */
  failure?: string;
}

/** What a failed fetch says went wrong: undici wraps the socket's error as `cause` ("fetch failed" alone says nothing). */
function failureCause(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string') return code; // node:http's own error
  const cause = (error as Error & { cause?: { code?: unknown; name?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.name === 'string' && cause.name !== 'Error') return cause.name;
  return typeof cause?.message === 'string' ? cause.message.slice(0, 60) : error.name;
}

/**
 * The progress line's count, every 5 s during the load. Through the log's filter index (category and type): by type
 * alone it scanned the whole events table, ~0.7 s of the server's time in a 60 s run at 300/s (auto_explain) that the
 * line's "PostgreSQL ms / lead" was charged with.
 */
async function assignedCount(db: Client, since: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(distinct lead_id) as n from event_store.events
     where category = 'assignment' and event_type = 'LeadAssigned' and recorded_at >= $1`,
    [since],
  );
  return Number(rows[0].n);
}

async function runLoad(
  intakeUrl: string,
  config: Config,
  tag: string,
  db: Client,
): Promise<{ sent: Sent[]; sendSeconds: number; startIso: string }> {
  const sent: Sent[] = [];
  const interval = 1000 / config.rate;
  let inFlight = 0;
  let maxInFlight = 0;
  const startIso = (await db.query<{ t: string }>('select now()::text as t')).rows[0].t;
  // Keep-alive connections (as a gateway in front of intake would hold them), bounded by --connections, unless --fetch.
  // `timeout` makes Node's agent follow the server's `Keep-Alive: timeout=<s>` (65 since HTTP_KEEP_ALIVE_TIMEOUT_MS, 5
  // before): it closes a free connection 1 s before that runs out or after its own 60 s (with no timeout of its own it
  // ignores the hint and keeps it until intake closes it, and a busy bench then posted on a connection whose FIN it had
  // not read yet: ECONNRESET, with intake's 5 s; keep-alive-reuse.experiment.ts).
  const agent = config.fetch
    ? undefined
    : new Agent({ keepAlive: true, maxSockets: config.connections || Infinity, timeout: KEEP_ALIVE_AGENT_TIMEOUT_MS });
  const post = (body: unknown, headers: Record<string, string>) =>
    agent ? postJsonOver(agent, `${intakeUrl}/leads`, body, headers) : postJson(`${intakeUrl}/leads`, body, headers);
  const t0 = performance.now() + 50;
  const fire = (n: number, planned: number) => {
    const entry: Sent = { n, plannedMs: performance.timeOrigin + planned, sentMs: nowEpochMs() };
    sent.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // x-bench-sent: the send time, for a server-side timing preload (tools/bench/experiments/http-timing.preload.cjs).
    post(benchLead(n, tag), { 'x-bench-sent': String(Math.round(entry.sentMs)) })
      .then(
        ({ status, json }) => {
          entry.status = status;
          entry.answeredMs = nowEpochMs();
          if (typeof json.leadId === 'string') entry.leadId = json.leadId;
          else entry.error = JSON.stringify(json).slice(0, 300);
        },
        (error: Error) => {
          entry.answeredMs = nowEpochMs();
          entry.failure = failureCause(error);
          entry.error = `${error.message} (${entry.failure})`;
        },
      )
      .finally(() => inFlight--);
  };
  let next = 0;
  let lastReport = performance.now();
  const progress = async () => {
    const answered = sent.filter((s) => s.answeredMs !== undefined).length;
    const errors = sent.filter((s) => s.error !== undefined).length;
    const assigned = await assignedCount(db, startIso).catch(() => NaN);
    log(
      `  posted ${sent.length}/${config.leads} · answered ${answered} · errors ${errors} · in flight ${inFlight} (max ${maxInFlight}) · assigned ${assigned}`,
    );
  };
  while (next < config.leads) {
    const now = performance.now();
    while (next < config.leads && t0 + next * interval <= now) {
      fire(next + config.warmup, t0 + next * interval);
      next++;
    }
    if (now - lastReport >= 5_000) {
      lastReport = now;
      void progress();
    }
    const wait = t0 + next * interval - performance.now();
    await sleep(Math.max(0, Math.min(wait, 1000)));
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 60_000;
  while (sent.some((s) => s.answeredMs === undefined) && performance.now() < deadline) await sleep(50);
  agent?.destroy();
  await progress();
  return { sent, sendSeconds, startIso };
}

// ---------------------------------------------------------------------------------------------
// Results

interface LeadTimes {
  leadId: string;
  captured: number; // epoch ms
  enriched: number | null;
  scored: number | null;
  assigned: number | null;
}

async function readTimes(db: Client, leadIds: string[]): Promise<LeadTimes[]> {
  const { rows } = await db.query<{
    lead_id: string;
    captured: string;
    enriched: string | null;
    scored: string | null;
    assigned: string | null;
  }>(
    `select lead_id,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadCaptured')) * 1000 as captured,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadEnriched')) * 1000 as enriched,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadScored')) * 1000 as scored,
            extract(epoch from min(recorded_at) filter (where event_type = 'LeadAssigned')) * 1000 as assigned
       from event_store.events
      where lead_id = any($1::text[])
      group by lead_id`,
    [leadIds],
  );
  return rows
    .filter((r) => r.captured !== null)
    .map((r) => ({
      leadId: r.lead_id,
      captured: Number(r.captured),
      enriched: r.enriched === null ? null : Number(r.enriched),
      scored: r.scored === null ? null : Number(r.scored),
      assigned: r.assigned === null ? null : Number(r.assigned),
    }));
}

async function otherOutcomes(db: Client, leadIds: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ event_type: string; n: string }>(
    `select event_type, count(*) as n from event_store.events where lead_id = any($1::text[]) group by event_type order by event_type`,
    [leadIds],
  );
  return Object.fromEntries(rows.map((r) => [r.event_type, Number(r.n)]));
}

interface RunResult {
  key: string;
  date: string;
  command: string;
  machine: string;
  rate: number;
  leads: number;
  sdrs: number;
  accepted: number;
  /** Answered 503 or 429 (overload pushed back, with Retry-After): not errors, and not retried by this open-loop load. */
  pushedBack?: number;
  httpErrors: number;
  /** The HTTP errors by kind: a transport failure's cause, `unanswered` (no answer within 60 s of the last post), `HTTP <status>`. */
  errorKinds?: Record<string, number>;
  /** Send → answer of the requests pushed back (503/429). */
  pushedBackAnswer?: Dist;
  assigned: number;
  notAssigned: number;
  sendSeconds: number;
  achievedPostRate: number;
  assignedPerSecond: number;
  latency: Dist;
  http: Dist;
  httpAnswer: Dist;
  hops: { capturedToEnriched: Dist; enrichedToScored: Dist; scoredToAssigned: Dist };
  firstTenth: Dist;
  lastTenth: Dist;
  /**
   * By capture time: the latency's p50 and p99, and each hop's p50 (captured → enriched, enriched → scored, scored →
   * assigned); since 2026-12-07 (twenty-third session) also the services' CPU in the window's seconds of the load per
   * lead captured in it, and the machine's busy fraction then (sampled from the load's start: the first capture is a
   * few ms later).
   */
  windows: Array<{
    fromS: number;
    n: number;
    p50: number;
    p99: number;
    hopsP50?: [number, number, number];
    servicesMsPerLead?: number;
    machineBusy?: number;
  }>;
  floor: Floor;
  outcomes: Record<string, number>;
  /**
   * Load + drain phase: wall seconds, machine busy fraction, CPU seconds per service; since 2026-12-07 also the
   * machine's busy CPU seconds (all cores), the Kafka broker's when it runs on this machine, and this bench's own.
   */
  cpu: { seconds: number; machineBusy: number; services: Record<string, number>; machineSeconds?: number; broker?: number; bench?: number };
  /** Idle phase: machine busy fraction, each service's share of one core. */
  idle?: { seconds: number; machineBusy: number; services: Record<string, number>; commitsPerSecond: number };
  /** Committed transactions on the bench database per assigned lead (load + drain; idle polling included). */
  commitsPerLead?: number;
  /**
   * The PostgreSQL server over the load + drain (since 2026-12-06): its processes' CPU seconds when it runs on this
   * machine, the bench database's statements and their execution ms when pg_stat_statements is loaded; each absent
   * when not available (support/pg-server-stats.ts).
   */
  postgres?: PgServerUse;
  /** A jest process was seen on the machine during the idle/load/drain phases, or others' load was above the core count. */
  disturbed?: boolean;
  /** What disturbed it (since 2026-12-06): `a jest process ran on this machine`, `the 1-minute load average was …`. */
  disturbedBy?: string[];
  label?: string;
  /** 1-minute load average before the services started (others' work) and at the end of the drain. */
  loadAverage?: { before: number; after: number };
  /** Each service's resident set size after the drain and its peak, MiB. */
  memory?: Record<string, { rss: number; peak: number }>;
  /** --tracing: what the services exported over the whole run, warm-up included. */
  tracing?: { requests: number; bytes: number };
  /** --combined: the four services ran in one process (CPU and memory under `combined`). */
  combined?: boolean;
  /** --compiled: the services ran from `npm start`'s compiled build as the image runs them (since 2026-12-07). */
  compiled?: boolean;
  /** --warmup-s: the seconds of warm-up at the measured rate before the measurement (absent: the few-lead warm-up). */
  warmupS?: number;
  /** --node-flags: the node and V8 flags the services ran with. */
  nodeFlags?: string[];
}

/**
 * --tracing: where the services export their spans. Answers every OTLP/HTTP export with 200 and an
 * empty body (a full success) and keeps only counts, so the figures are the services' cost of tracing.
 */
async function startSpanSink(): Promise<{ endpoint: string; requests: () => number; bytes: () => number; close(): Promise<void> }> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    bytes: () => bytes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const config = readConfig(flags);
  const tag = randomBytes(3).toString('hex');
  const topicPrefix = `ll-bench-pipeline-${tag}.`;
  log(
    `rate ${config.rate} leads/s · ${config.leads} leads (${f1(config.leads / config.rate)} s) · ${config.sdrs} SDRs · topic prefix ${topicPrefix}`,
  );

  const broker = await resolveBroker(config.broker);
  log(`Kafka ${broker}`);
  const database = await createBenchDatabase(config.adminUrl, 'll_bench_pipeline');
  log(`database ${database.name}`);
  const pg = await serverInfo(database.url);
  const brokers = broker.split(',');
  // The broker's process when it runs here: its CPU over the load, and its release for the machine line.
  const brokerProcess = localListener(brokers[0]);
  const kafka = `Kafka ${brokerProcess?.kafkaRelease ?? '(release not known)'} ${config.broker ? `at ${broker}` : 'local (tools/kafka/local-kafka.sh, Maven jars)'}${brokerProcess ? ` (pid ${brokerProcess.pid} on this machine)` : ' (not on this machine)'}`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${pg.version} local (${pg.settings}), ${kafka}`;
  log(machine);

  deleteTopicsAtCleanup(broker, topicPrefix, log);

  const loadBefore = loadavg()[0];
  log(`1-minute load average before the services start: ${loadBefore.toFixed(1)} on ${cpus().length} cores`);
  // 1. The floor, before the services start (nothing else on the broker or the database).
  log(`floor: ${config.floorSamples} sequential autocommit inserts ...`);
  const pgCommit = await measurePgCommit(database.url, config.floorSamples);
  log(`  PostgreSQL commit: ${fdist(pgCommit)}`);
  log(`floor: ${config.floorSamples} Kafka produce (idempotent, acks=-1) → consume round trips ...`);
  const kafkaFloor = await measureKafkaRoundTrip(brokers, topicPrefix, config.floorSamples);
  log(`  Kafka produce ack:        ${fdist(kafkaFloor.ack)}`);
  log(`  Kafka produce → consume:  ${fdist(kafkaFloor.roundTrip)}`);
  const floor: Floor = { pgCommit, kafkaAck: kafkaFloor.ack, kafkaRoundTrip: kafkaFloor.roundTrip };

  // 2. The services.
  const sink = config.tracing ? await startSpanSink() : undefined;
  if (sink) onCleanup('close the span sink', () => sink.close());
  if (config.compiled) {
    log(`bringing npm start's compiled build up to date (${START_BUILD}) ...`);
    await buildAsNpmStart();
  }
  log(
    `starting lead-intake, enrichment, scoring, routing${config.combined ? ' in one process' : ''}${config.compiled ? " from npm start's compiled build (tools/start-image.sh <name>)" : ''}${config.nodeFlags.length > 0 ? ` with node ${config.nodeFlags.join(' ')}` : ''}${sink ? `, tracing on (OTLP/HTTP to ${sink.endpoint})` : ''} ...`,
  );
  const services = await startServices(
    {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      KAFKA_BROKERS: broker,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: 'warn',
      // The load generator is one client posting hundreds of leads a second: not a client the intake limit is for.
      INTAKE_RATE_LIMIT: '0',
      // Tracing only by the standard variables (docs/operations.md, Tracing); unset, the services do not trace.
      ...(sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint } : {}),
    },
    {
      profDir: config.prof,
      combined: config.combined,
      cpuProf: config.cpuProf !== undefined,
      compiled: config.compiled,
      nodeFlags: config.nodeFlags,
    },
  );
  const url = (name: string) => `http://127.0.0.1:${(services.find((s) => s.name === name) ?? services[0]).port}`;

  const db = new Client({ connectionString: database.url });
  await db.connect();
  onCleanup('close db client', () => db.end());
  const server = await pgServerWindow(db);
  log(
    `PostgreSQL server: CPU ${server.cpu ? 'read from /proc (postmaster and children)' : 'not readable (not on this machine)'}; statements ${server.statements ? 'from pg_stat_statements (this session left out)' : 'not available (pg_stat_statements not loaded, or not allowed)'}`,
  );

  for (let i = 0; i < config.sdrs; i++) {
    const { status, json } = await postJson(`${url('routing')}/sdrs`, inboundSdr('bench', i));
    if (status !== 201) throw new Error(`POST /sdrs answered ${status}: ${JSON.stringify(json)}`);
  }
  log(`registered ${config.sdrs} SDRs (inbound, 24/7, territories *, segments *, weekly capacity 10,000)`);

  // 3. Warm-up: consumers joined, connections open, code paths JIT-compiled.
  if (config.warmup > 0) {
    const started = performance.now();
    const ids: string[] = [];
    if (config.warmupS !== undefined) {
      // Open loop at the measured rate: the same pace as the measurement, so the same code paths get hot.
      const interval = 1000 / config.rate;
      const posts: Promise<void>[] = [];
      for (let n = 0; n < config.warmup; n++) {
        const wait = started + n * interval - performance.now();
        if (wait > 0) await sleep(wait);
        posts.push(
          postJson(`${url('lead-intake')}/leads`, benchLead(n, tag)).then(
            ({ json }) => void (typeof json.leadId === 'string' && ids.push(json.leadId)),
            () => undefined,
          ),
        );
      }
      await Promise.all(posts);
    } else {
      for (let n = 0; n < config.warmup; n++) {
        const { json } = await postJson(`${url('lead-intake')}/leads`, benchLead(n, tag));
        if (typeof json.leadId === 'string') ids.push(json.leadId);
        await sleep(50);
      }
    }
    for (;;) {
      const times = await readTimes(db, ids);
      if (times.filter((t) => t.assigned !== null).length >= ids.length) break;
      if (performance.now() - started > 90_000 + (config.warmupS ?? 0) * 1000)
        throw new Error(
          `warm-up leads not assigned within ${90 + (config.warmupS ?? 0)} s: ${JSON.stringify(await otherOutcomes(db, ids))}`,
        );
      await sleep(250);
    }
    log(
      `warm-up: ${ids.length} leads assigned in ${((performance.now() - started) / 1000).toFixed(1)} s${config.warmupS !== undefined ? ` (${config.warmup} posted at ${config.rate}/s, ${config.warmup - ids.length} not accepted)` : ''}`,
    );
    await sleep(1000);
  }

  let jestSeen = false;
  const monitor = setInterval(() => void jestRunning().then((yes) => (jestSeen ||= yes)), 3_000);
  onCleanup('stop jest monitor', async () => clearInterval(monitor));

  // Idle: what the services burn with nothing to do (pollers, consumer fetch loops, relays).
  let idle: RunResult['idle'];
  if (config.idleS > 0) {
    const c0 = await dbCounters(db);
    const before = services.map((s) => cpuSeconds(s.child.pid));
    const m0 = machineJiffies();
    await sleep(config.idleS * 1000);
    const m1 = machineJiffies();
    const after = services.map((s) => cpuSeconds(s.child.pid));
    const c1 = await dbCounters(db);
    idle = {
      seconds: config.idleS,
      commitsPerSecond: (c1.commits - c0.commits) / (config.idleS + 1.1),
      machineBusy: busyShare(m0, m1),
      services: Object.fromEntries(services.map((s, i) => [s.name, (after[i] - before[i]) / config.idleS])),
    };
    log(
      `idle ${config.idleS} s: machine ${f1(idle.machineBusy * 100)}% busy; services ${Object.entries(idle.services)
        .map(([k, v]) => `${k} ${f1(v * 100)}%`)
        .join(', ')} of one core; ${f1(idle.commitsPerSecond)} commits/s on the database`,
    );
  }

  // 4. The load.
  const countersBefore = await dbCounters(db);
  const serverUse = await server.start();
  const cpuBefore = services.map((s) => cpuSeconds(s.child.pid));
  const brokerBefore = cpuSeconds(brokerProcess?.pid);
  const benchBefore = process.cpuUsage();
  const machineBefore = machineJiffies();
  const loadStarted = performance.now();
  // The services' CPU and the machine's busy jiffies every window of the load (windowS below), from its start: how a
  // lead's cost moves while the line runs (at 50/s it fell by a third over the load's first minute or so,
  // docs/benchmarks.md, the twenty-third session).
  const windowS = Math.max(5, Math.round(config.leads / config.rate / 6));
  const cpuSamples: Array<{ services: number; machine: { busy: number; total: number } }> = [];
  const sampleCpu = () => cpuSamples.push({ services: total(services.map((s) => cpuSeconds(s.child.pid))), machine: machineJiffies() });
  sampleCpu();
  const cpuSampler = setInterval(sampleCpu, windowS * 1000);
  onCleanup('stop the CPU sampler', async () => clearInterval(cpuSampler));
  log(
    `posting ${config.leads} leads at ${config.rate}/s (open loop, ${config.fetch ? 'fetch' : `node:http keep-alive, ${config.connections || 'no bound on'} connections`}) ...`,
  );
  const { sent, sendSeconds, startIso } = await runLoad(url('lead-intake'), config, tag, db);
  const accepted = sent.filter((s) => s.leadId);
  const refused = sent.filter((s) => s.status === 503 || s.status === 429);
  const pushedBack = refused.length;
  const errorKinds: Record<string, number> = {};
  for (const s of sent.filter((x) => !x.leadId && x.status !== 503 && x.status !== 429)) {
    const kind = s.failure ?? (s.status !== undefined ? `HTTP ${s.status}` : 'unanswered');
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  }
  const leadIds = [...new Set(accepted.map((s) => s.leadId!))];
  log(
    `posted in ${f1(sendSeconds)} s (${f1(sent.length / sendSeconds)}/s); accepted ${accepted.length}, pushed back ${pushedBack}, errors ${sent.length - accepted.length - pushedBack}`,
  );
  for (const s of sent.filter((x) => x.error).slice(0, 3)) log(`  error example: status ${s.status ?? '-'} ${s.error}`);
  if (Object.keys(errorKinds).length) {
    const failed = dist(sent.filter((x) => x.failure).map((x) => x.answeredMs! - x.sentMs));
    log(
      `  errors by kind: ${formatKinds(errorKinds)}; transport failures after p50 ${f1(failed.p50)} · min ${f1(Math.min(...sent.filter((x) => x.failure).map((x) => x.answeredMs! - x.sentMs)))} · max ${f1(failed.max)} ms from the send`,
    );
  }

  // 5. Drain.
  const drainStart = performance.now();
  let times: LeadTimes[] = [];
  let lastReport = 0;
  for (;;) {
    // The cheap count (the filter index) until it says all are there, then the lead times (every event of every
    // lead, ~0.1 s of the server's time at 17,000 leads) once to decide: that read every 500 ms was charged to the line.
    let assigned = await assignedCount(db, startIso).catch(() => NaN);
    const timedOut = performance.now() - drainStart > config.drainTimeoutS * 1000;
    if (assigned >= leadIds.length || timedOut) {
      times = await readTimes(db, leadIds);
      assigned = times.filter((t) => t.assigned !== null).length;
      if (assigned >= leadIds.length) break;
      if (timedOut) {
        log(`drain timeout after ${config.drainTimeoutS} s: ${leadIds.length - assigned} leads not assigned`);
        break;
      }
    }
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      log(`  draining: assigned ${assigned}/${leadIds.length}`);
    }
    await sleep(500);
  }
  clearInterval(cpuSampler);
  const outcomes = await otherOutcomes(db, leadIds);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const machineAfter = machineJiffies();
  const benchUse = process.cpuUsage(benchBefore);
  const brokerCpu = cpuSeconds(brokerProcess?.pid) - brokerBefore;
  const cpu: RunResult['cpu'] = {
    seconds: loadSeconds,
    machineBusy: busyShare(machineBefore, machineAfter),
    services: Object.fromEntries(services.map((s, i) => [s.name, cpuSeconds(s.child.pid) - cpuBefore[i]])),
    // /proc/stat counts USER_HZ ticks of all cores.
    machineSeconds: (machineAfter.busy - machineBefore.busy) / 100,
    ...(Number.isFinite(brokerCpu) ? { broker: brokerCpu } : {}),
    bench: (benchUse.user + benchUse.system) / 1e6,
  };
  const postgres = await serverUse();
  const countersAfter = await dbCounters(db);
  const memory = Object.fromEntries(services.map((s) => [s.name, memoryMiB(s.child.pid)]));
  const loadAverage = { before: loadBefore, after: loadavg()[0] };
  clearInterval(monitor);
  const disturbedBy = [
    ...(jestSeen ? ['a jest process ran on this machine'] : []),
    // Others' work on the machine: more runnable processes than cores before this run started.
    ...(loadBefore > cpus().length
      ? [`the 1-minute load average was ${loadBefore.toFixed(1)} on ${cpus().length} cores before the start`]
      : []),
  ];
  const disturbed = disturbedBy.length > 0;
  if (disturbed) log(`WARNING: disturbed (${disturbedBy.join('; ')}); the figures are marked`);
  // With when (auto)analyze last looked at each: a new database's tables have no statistics until autovacuum's first
  // look, and reads by a list of keys plan differently without them (docs/benchmarks.md, the fifteenth session).
  const tables = (
    await db.query<{
      t: string;
      seq_scan: string;
      seq_tup_read: string;
      idx_scan: string;
      n_tup_ins: string;
      n_tup_upd: string;
      analyzed: string | null;
    }>(
      `select schemaname || '.' || relname as t, seq_scan, seq_tup_read, coalesce(idx_scan, 0) as idx_scan, n_tup_ins, n_tup_upd,
              to_char(greatest(last_analyze, last_autoanalyze) at time zone 'UTC', 'HH24:MI:SS') as analyzed
         from pg_stat_user_tables order by seq_tup_read desc limit 6`,
    )
  ).rows;

  // 6. Figures.
  const byId = new Map(times.map((t) => [t.leadId, t]));
  const done = times.filter((t) => t.assigned !== null).sort((a, b) => a.captured - b.captured);
  const latencies = done.map((t) => t.assigned! - t.captured);
  const http = accepted.filter((s) => byId.get(s.leadId!)?.assigned != null).map((s) => byId.get(s.leadId!)!.assigned! - s.sentMs);
  const httpAnswer = accepted.map((s) => s.answeredMs! - s.sentMs);
  /** One hop's distribution over `leads` (all that were assigned, or one window's). */
  const hop = (a: (t: LeadTimes) => number | null, b: (t: LeadTimes) => number | null, leads: readonly LeadTimes[]) =>
    dist(leads.filter((t) => a(t) !== null && b(t) !== null).map((t) => b(t)! - a(t)!));
  /** The three hops' distributions over `leads`. */
  const hops = (leads: readonly LeadTimes[] = done): RunResult['hops'] => ({
    capturedToEnriched: hop(
      (t) => t.captured,
      (t) => t.enriched,
      leads,
    ),
    enrichedToScored: hop(
      (t) => t.enriched,
      (t) => t.scored,
      leads,
    ),
    scoredToAssigned: hop(
      (t) => t.scored,
      (t) => t.assigned,
      leads,
    ),
  });
  const tenth = Math.max(1, Math.floor(done.length / 10));
  const firstCapture = done.length ? done[0].captured : NaN;
  const lastAssigned = done.reduce((m, t) => Math.max(m, t.assigned!), -Infinity);
  const windows: RunResult['windows'] = [];
  for (let from = 0; done.length && firstCapture + from * 1000 <= done[done.length - 1].captured; from += windowS) {
    const w = done.filter((t) => t.captured >= firstCapture + from * 1000 && t.captured < firstCapture + (from + windowS) * 1000);
    const d = dist(w.map((t) => t.assigned! - t.captured));
    const h = hops(w);
    const hopsP50: [number, number, number] = [h.capturedToEnriched.p50, h.enrichedToScored.p50, h.scoredToAssigned.p50];
    const [a, b] = [cpuSamples[from / windowS], cpuSamples[from / windowS + 1]];
    const cpuOfWindow =
      a && b && d.n > 0
        ? {
            servicesMsPerLead: ((b.services - a.services) * 1000) / d.n,
            machineBusy: busyShare(a.machine, b.machine),
          }
        : {};
    windows.push({ fromS: from, n: d.n, p50: d.p50, p99: d.p99, hopsP50, ...cpuOfWindow });
  }
  const command = `npm run bench:pipeline -- ${process.argv.slice(2).join(' ')}`.trim();
  const result: RunResult = {
    key: `${config.rate}/${config.leads}${config.label ? `/${config.label}` : ''}${config.tracing ? '/tracing' : ''}${config.combined ? '/combined' : ''}${config.compiled ? '/compiled' : ''}${config.warmupS !== undefined ? `/warm${config.warmupS}` : ''}${config.nodeFlags.length > 0 ? `/node ${config.nodeFlags.join(' ')}` : ''}`,
    label: config.label,
    ...(config.combined ? { combined: true } : {}),
    ...(config.compiled ? { compiled: true } : {}),
    ...(config.warmupS !== undefined ? { warmupS: config.warmupS } : {}),
    ...(config.nodeFlags.length > 0 ? { nodeFlags: config.nodeFlags } : {}),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command,
    machine,
    rate: config.rate,
    leads: config.leads,
    sdrs: config.sdrs,
    accepted: accepted.length,
    pushedBack,
    httpErrors: sent.length - accepted.length - pushedBack,
    errorKinds,
    pushedBackAnswer: dist(refused.map((s) => s.answeredMs! - s.sentMs)),
    assigned: done.length,
    notAssigned: leadIds.length - done.length,
    sendSeconds,
    achievedPostRate: sent.length / sendSeconds,
    assignedPerSecond: done.length / ((lastAssigned - firstCapture) / 1000),
    latency: dist(latencies),
    http: dist(http),
    httpAnswer: dist(httpAnswer),
    hops: hops(),
    firstTenth: dist(latencies.slice(0, tenth)),
    lastTenth: dist(latencies.slice(-tenth)),
    windows,
    floor,
    outcomes,
    cpu,
    idle,
    commitsPerLead: (countersAfter.commits - countersBefore.commits) / Math.max(1, done.length),
    disturbed,
    ...(disturbed ? { disturbedBy } : {}),
    postgres,
    loadAverage,
    memory,
    tracing: sink ? { requests: sink.requests(), bytes: sink.bytes() } : undefined,
  };
  printResult(result);
  process.stdout.write(
    `Tables by rows read in sequential scans (whole run):\n${tables.map((t) => `  ${t.t}: seq_scan ${t.seq_scan}, seq_tup_read ${t.seq_tup_read}, idx_scan ${t.idx_scan}, ins ${t.n_tup_ins}, upd ${t.n_tup_upd}, ${t.analyzed ? `analyzed at ${t.analyzed} UTC` : 'never analyzed'}`).join('\n')}\n`,
  );
  if (config.markdown) {
    writeMarkdown(resolve(ROOT, config.markdown), result);
    log(`wrote the bench:pipeline section of ${config.markdown}`);
  }
  if (config.keepOutput)
    for (const s of services) process.stdout.write(`\n--- ${s.name} output (tail) ---\n${s.child.output().slice(-4000)}\n`);
  else {
    for (const s of services) {
      const out = s.child.output();
      if (/error/i.test(out)) process.stdout.write(`\n--- ${s.name}: output mentions errors (tail) ---\n${out.slice(-2000)}\n`);
    }
  }
}

const formatKinds = (kinds: Record<string, number>) =>
  Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ') || 'none';

const total = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0);

/** A run's total per assigned lead (× `scale`), `—` when it was not measured. */
const perAssignedLead = (r: RunResult, v: number | undefined, scale: number, format: (x: number) => string): string =>
  v === undefined ? '—' : format((v * scale) / Math.max(1, r.assigned));

/** The PostgreSQL server's figures per assigned lead, `—` for one not available: CPU ms, statements, statement exec ms. */
function serverFigures(r: RunResult): [cpuMs: string, statements: string, execMs: string] {
  const { cpuSeconds, statements, execMs } = r.postgres ?? {};
  return [perAssignedLead(r, cpuSeconds, 1000, f2), perAssignedLead(r, statements, 1, f1), perAssignedLead(r, execMs, 1, f2)];
}

/**
 * Where the machine's busy CPU went besides the services and the PostgreSQL server, per assigned lead: the Kafka
 * broker (when it runs here), this bench (its HTTP client, its reads of the lead times), and the remainder (the
 * kernel's work not charged to a process, and any other process).
 */
function restOfMachine(r: RunResult): string {
  const perLead = (seconds: number | undefined) => `${perAssignedLead(r, seconds, 1000, f2)} ms/lead`;
  const { machineSeconds, broker, bench } = r.cpu;
  const accounted = total(Object.values(r.cpu.services)) + (r.postgres?.cpuSeconds ?? NaN) + (broker ?? NaN) + (bench ?? NaN);
  return [
    `machine ${perLead(machineSeconds)} in all`,
    `Kafka broker ${broker === undefined ? '— (not on this machine)' : perLead(broker)}`,
    `this bench ${perLead(bench)} (its HTTP client and reads)`,
    `everything else ${perLead((machineSeconds ?? NaN) - accounted)} (the kernel's unattributed work, other processes)`,
  ].join('; ');
}

const serverPerLead = (r: RunResult): string => {
  const [cpu, statements, exec] = serverFigures(r);
  return `CPU ${cpu} ms/lead; ${statements} statements/lead, ${exec} ms statement exec/lead`;
};

function printResult(r: RunResult): void {
  const lines = [
    '',
    ...(r.disturbed
      ? [`WARNING: disturbed run (${r.disturbedBy?.join('; ') ?? 'a jest process ran, or the load average was above the core count'})`]
      : []),
    `Pipeline: ${fint(r.leads)} inbound leads at ${r.rate}/s (posted at ${f1(r.achievedPostRate)}/s), ${r.sdrs} SDRs${r.tracing ? ', tracing on' : ''}${r.warmupS !== undefined ? `, after ${r.warmupS} s of warm-up at the same rate` : ''}`,
    ...(r.tracing ? [`  tracing: ${fint(r.tracing.requests)} OTLP exports, ${fint(r.tracing.bytes / 1024)} KiB (whole run)`] : []),
    `  accepted ${fint(r.accepted)} · pushed back (503/429) ${r.pushedBack ?? 0} · HTTP errors ${r.httpErrors} · assigned ${fint(r.assigned)} · never assigned ${r.notAssigned}`,
    `  capture → assignment (DB clock):       ${fdist(r.latency)}`,
    `  HTTP send → assignment:                ${fdist(r.http)}`,
    `  HTTP send → 202 answer:                ${fdist(r.httpAnswer)}`,
    ...(r.pushedBack ? [`  HTTP send → 503/429 answer:            ${fdist(r.pushedBackAnswer ?? dist([]))}`] : []),
    ...(r.httpErrors ? [`  HTTP errors by kind: ${formatKinds(r.errorKinds ?? {})}`] : []),
    `  hops: captured → enriched              ${fdist(r.hops.capturedToEnriched)}`,
    `        enriched → scored                ${fdist(r.hops.enrichedToScored)}`,
    `        scored → assigned                ${fdist(r.hops.scoredToAssigned)}`,
    `  sustained: ${f1(r.assignedPerSecond)} leads/s assigned (assigned / (last assignment − first capture))`,
    `  lag: first 10% p50 ${f1(r.firstTenth.p50)} / p99 ${f1(r.firstTenth.p99)} ms; last 10% p50 ${f1(r.lastTenth.p50)} / p99 ${f1(r.lastTenth.p99)} ms`,
    `  windows (capture time; hops' p50 captured → enriched / → scored / → assigned; services' CPU ms/lead, machine busy): ${r.windows
      .map(
        (w) =>
          `${w.fromS}s n=${w.n} p50 ${f1(w.p50)} p99 ${f1(w.p99)}${w.hopsP50 ? ` (${w.hopsP50.map(f1).join('/')})` : ''}` +
          (w.servicesMsPerLead !== undefined ? ` ${f1(w.servicesMsPerLead)} ms ${f1((w.machineBusy ?? NaN) * 100)}%` : ''),
      )
      .join(' | ')}`,
    `  CPU during load + drain (${f1(r.cpu.seconds)} s): machine ${f1(r.cpu.machineBusy * 100)}% busy; ${Object.entries(r.cpu.services)
      .map(([k, v]) => `${k} ${f1(v)} s (${f1((v * 1000) / Math.max(1, r.assigned))} ms/lead)`)
      .join(', ')}; all services ${f1((total(Object.values(r.cpu.services)) * 1000) / Math.max(1, r.assigned))} ms/lead`,
    `  database: ${f1(r.commitsPerLead ?? NaN)} committed transactions per assigned lead (all services, load + drain)`,
    `  PostgreSQL server (load + drain): ${serverPerLead(r)} (CPU: the server's processes in /proc; statements: pg_stat_statements, this database, the bench's session left out)`,
    `  the rest of the machine's CPU (load + drain): ${restOfMachine(r)}`,
    `  RSS after the drain (peak) MiB: ${Object.entries(r.memory ?? {})
      .map(([k, m]) => `${k} ${fint(m.rss)} (${fint(m.peak)})`)
      .join(', ')}; all services ${fint(total(Object.values(r.memory ?? {}).map((m) => m.rss)))} (${fint(
      total(Object.values(r.memory ?? {}).map((m) => m.peak)),
    )}); load average ${f1(r.loadAverage?.before ?? NaN)} before → ${f1(r.loadAverage?.after ?? NaN)} after`,
    `  events on these leads: ${Object.entries(r.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Floor (same run, before the services started):`,
    `  PostgreSQL autocommit insert:          ${fdist(r.floor.pgCommit)}`,
    `  Kafka produce ack (idempotent, -1):    ${fdist(r.floor.kafkaAck)}`,
    `  Kafka produce → consume round trip:    ${fdist(r.floor.kafkaRoundTrip)}`,
    `  floor = commit + round trip:           p50 ${f1(r.floor.pgCommit.p50 + r.floor.kafkaRoundTrip.p50)} · p99 ${f1(r.floor.pgCommit.p99 + r.floor.kafkaRoundTrip.p99)} ms`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown: one generated section, one row per (rate, leads), newest wins

function writeMarkdown(file: string, r: RunResult): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  let runs: RunResult[] = [];
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) {
    const section = text.slice(start, end);
    const at = section.indexOf(DATA);
    if (at >= 0) {
      const json = section.slice(at + DATA.length, section.indexOf(' -->', at));
      try {
        runs = JSON.parse(Buffer.from(json, 'base64').toString('utf8')) as RunResult[];
      } catch {
        runs = [];
      }
    }
  }
  runs = [...runs.filter((x) => x.key !== r.key), r].sort(
    (a, b) =>
      a.rate - b.rate ||
      a.leads - b.leads ||
      (a.label ?? '').localeCompare(b.label ?? '') ||
      Number(Boolean(a.tracing)) - Number(Boolean(b.tracing)) ||
      Number(Boolean(a.combined)) - Number(Boolean(b.combined)) ||
      Number(Boolean(a.compiled)) - Number(Boolean(b.compiled)),
  );
  const rows = runs.map((x) => {
    const aim =
      x.rate <= 50
        ? `p50 ≤ 25, p99 ≤ 100 ms: **${x.latency.p50 <= 25 && x.latency.p99 <= 100 ? 'met' : 'miss'}**`
        : `≥ 500/s without growing lag: **${x.rate >= 500 && x.assignedPerSecond >= 0.98 * 500 && x.lastTenth.p50 <= 2 * x.firstTenth.p50 + 25 ? 'met' : 'miss'}**`;
    const perLead = (v: number) => f1((v * 1000) / Math.max(1, x.assigned));
    // A combined run has one process: its figure stands for all four.
    const names = x.combined ? [COMBINED] : SERVICES;
    const cpu = x.cpu ? `${x.combined ? 'all four: ' : ''}${names.map((name) => perLead(x.cpu.services[name] ?? NaN)).join(' / ')}` : '—';
    const rss = x.memory ? `${x.combined ? 'all four: ' : ''}${names.map((name) => fint(x.memory?.[name]?.peak ?? NaN)).join(' / ')}` : '—';
    const server = serverFigures(x).join(' / ');
    return `| ${x.rate}${x.label ? ` ${x.label}` : ''}${x.tracing ? ' (tracing on)' : ''}${x.combined ? ' (one process)' : ''}${x.compiled ? ' (compiled)' : ''}${x.nodeFlags ? ` (node ${x.nodeFlags.join(' ')})` : ''}${x.warmupS !== undefined ? ` (after ${x.warmupS} s warm-up)` : ''}${x.disturbed ? ' (disturbed¹)' : ''} | ${fint(x.leads)} | ${fint(x.assigned)} / ${x.notAssigned} / ${x.pushedBack ?? '—'} | ${f1(x.latency.p50)} / ${f1(x.latency.p95)} / ${f1(x.latency.p99)} / ${f1(x.latency.max)} | ${f1(x.http.p50)} / ${f1(x.http.p99)} | ${f1(x.assignedPerSecond)} | ${f1(x.firstTenth.p50)} → ${f1(x.lastTenth.p50)} | ${cpu} | ${f1(x.commitsPerLead ?? NaN)} | ${server} | ${rss} | ${f2(x.floor.pgCommit.p50)} / ${f2(x.floor.pgCommit.p99)} | ${f1(x.floor.kafkaRoundTrip.p50)} / ${f1(x.floor.kafkaRoundTrip.p99)} | ${x.loadAverage ? `${f1(x.loadAverage.before)} → ${f1(x.loadAverage.after)}` : '—'} | ${aim} |`;
  });
  const details = runs.map((x) =>
    [
      `- **${x.rate}/s × ${fint(x.leads)}${x.tracing ? ', tracing on' : ''}${x.combined ? ', one process' : ''}${x.compiled ? ', compiled' : ''}${x.nodeFlags ? `, node ${x.nodeFlags.join(' ')}` : ''}** — ${x.date} — \`${x.command}\``,
      ...(x.tracing
        ? [`  - tracing: ${fint(x.tracing.requests)} OTLP/HTTP exports, ${fint(x.tracing.bytes / 1024)} KiB over the whole run`]
        : []),
      `  - hops p50 / p99 ms: captured → enriched ${f1(x.hops.capturedToEnriched.p50)} / ${f1(x.hops.capturedToEnriched.p99)}; enriched → scored ${f1(x.hops.enrichedToScored.p50)} / ${f1(x.hops.enrichedToScored.p99)}; scored → assigned ${f1(x.hops.scoredToAssigned.p50)} / ${f1(x.hops.scoredToAssigned.p99)}; HTTP 202 answer ${f1(x.httpAnswer.p50)} / ${f1(x.httpAnswer.p99)}`,
      `  - posted at ${f1(x.achievedPostRate)}/s, HTTP errors ${x.httpErrors}${x.httpErrors && x.errorKinds ? ` (${formatKinds(x.errorKinds)})` : ''}${x.pushedBack && x.pushedBackAnswer ? `, 503/429 answered p50 / p99 ${f1(x.pushedBackAnswer.p50)} / ${f1(x.pushedBackAnswer.p99)} ms` : ''}; latency p50 / p99 by capture window: ${x.windows.map((w) => `${w.fromS}s ${f1(w.p50)}/${f1(w.p99)}`).join(', ')}`,
      `  - floor: Kafka produce ack p50 / p99 ${f1(x.floor.kafkaAck.p50)} / ${f1(x.floor.kafkaAck.p99)} ms`,
      ...(x.cpu
        ? [
            `  - CPU over load + drain (${f1(x.cpu.seconds)} s): machine ${f1(x.cpu.machineBusy * 100)}% busy; ${Object.entries(
              x.cpu.services,
            )
              .map(([k, v]) => `${k} ${f1((v * 1000) / Math.max(1, x.assigned))} ms/lead`)
              .join(', ')}; all services ${f1((total(Object.values(x.cpu.services)) * 1000) / Math.max(1, x.assigned))} ms/lead`,
            ...(x.cpu.machineSeconds !== undefined ? [`  - the rest of the machine's CPU: ${restOfMachine(x)}`] : []),
          ]
        : []),
      ...(x.commitsPerLead !== undefined
        ? [`  - database: ${f1(x.commitsPerLead)} committed transactions per assigned lead (all services, load + drain)`]
        : []),
      ...(x.disturbedBy ? [`  - disturbed: ${x.disturbedBy.join('; ')}`] : []),
      ...(x.idle
        ? [
            `  - idle (${x.idle.seconds} s, before the load): machine ${f1(x.idle.machineBusy * 100)}% busy; ${Object.entries(
              x.idle.services,
            )
              .map(([k, v]) => `${k} ${f1(v * 100)}%`)
              .join(', ')} of one core; ${f1(x.idle.commitsPerSecond)} commits/s`,
          ]
        : []),
    ].join('\n'),
  );
  const section = [
    START,
    `Machine: ${r.machine}.`,
    '',
    `| Rate /s | Leads | Assigned / never / pushed back | Capture → assigned p50 / p95 / p99 / max ms | HTTP send → assigned p50 / p99 ms | Sustained assigned /s | Lag: p50 first 10% → last 10% ms | CPU ms per lead (${SERVICES.join(' / ')}) | Commits per lead | PostgreSQL per lead: CPU ms / statements / exec ms² | Peak RSS MiB (same order) | Floor: PG commit p50 / p99 ms | Floor: Kafka round trip p50 / p99 ms | Load avg before → after | Aim |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    ...details,
    '',
    ...(runs.some((x) => x.disturbed)
      ? [
          "¹ disturbed: a `jest` process ran on the machine during this run, or the 1-minute load average before it started was above the core count (others' work; the run's details say which): CPU was shared; rerun before trusting it.",
        ]
      : []),
    "² over the load + drain, per assigned lead; — where not available. CPU: utime + stime of the server's processes from `/proc` (the postmaster's parent of the bench's backend, `pg_backend_pid()`, and its children, live and reaped: every database on the server, autovacuum and the bench's own reads included), only when the server runs on this machine. Statements and their execution time: `pg_stat_statements` (calls and total_exec_time in the bench's database, top-level statements, BEGIN/COMMIT included when it tracks utility statements; the bench's own session untracked), only when the server loads it (`shared_preload_libraries`) and the bench may create the extension in its database.",
    `${DATA}${Buffer.from(JSON.stringify(runs)).toString('base64')} -->`,
    END,
  ].join('\n');
  const next =
    start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

main()
  .then(() => cleanup(log))
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    log(`failed: ${error.stack ?? error.message}`);
    await cleanup(log);
    process.exit(1);
  });
