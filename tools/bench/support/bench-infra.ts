/**
 * Setting up and tearing down what a benchmark runs on: a fresh database on the local PostgreSQL,
 * the local Kafka broker, the services as child processes, and cleanup on every exit path.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { transformFile } from '@swc/core';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { freePort, killIfRunning, runNode, runTs, type TsProcess } from '@leadline/testing';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function benchLogger(name: string): (message: string) => void {
  return (message) => process.stdout.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const cleanups: Array<{ label: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(label: string, run: () => Promise<unknown>): void {
  cleanups.push({ label, run });
}

/** Runs the registered cleanups, newest first, once. */
export function cleanup(log: (message: string) => void = () => undefined): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log(`cleanup (${step.label}) failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

export function cleanUpOnSignals(log: (message: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup(log).finally(() => process.exit(130));
    });
  }
}

export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database `<prefix>_<rand>`, dropped at cleanup. */
export async function createBenchDatabase(adminUrl: string, prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup(`drop database ${name}`, async () => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  });
  return { name, url: withDatabase(adminUrl, name) };
}

/** Committed transactions on the current database so far; waits out the once-a-second statistics flush first. */
export async function committedTransactions(db: Client): Promise<number> {
  await sleep(1100);
  const { rows } = await db.query<{ c: string }>('select xact_commit as c from pg_stat_database where datname = current_database()');
  return Number(rows[0].c);
}

/** Runs a benchmark's main; a failure is logged, cleaned up after and exits 1. */
export function runBench(main: () => Promise<void>, log: (message: string) => void): void {
  main().catch(async (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup(log);
    process.exit(1);
  });
}

/** Deletes the run's Kafka topics (those named with `prefix`) at cleanup. */
export function deleteTopicsAtCleanup(broker: string, prefix: string, log: (m: string) => void): void {
  onCleanup(`delete topics ${prefix}*`, async () => {
    const admin = new Kafka({ clientId: 'bench-cleanup', brokers: broker.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      if (topics.length) await admin.deleteTopics({ topics });
      log(`deleted ${topics.length} topics ${prefix}*`);
    } finally {
      await admin.disconnect();
    }
  });
}

/** The given broker, or the local one (tools/kafka/local-kafka.sh start: reuses a running one). */
export async function resolveBroker(broker?: string): Promise<string> {
  if (broker) return broker;
  const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'tools', 'kafka', 'local-kafka.sh'), 'start'], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  const lines = stdout.trim().split('\n');
  return lines[lines.length - 1].trim();
}

export interface RunningService {
  readonly name: string;
  readonly port: number;
  readonly child: TsProcess | ChildProcess;
  output(): string;
}

/**
 * Starts `apps/<name>/src/main.ts` per name and waits for every `/ready`. With `cpuProfDir`, each runs
 * with `node --cpu-prof` (a .cpuprofile there when it exits; open it in Chrome DevTools).
 */
export async function startServices(
  names: readonly string[],
  env: Record<string, string>,
  log: (m: string) => void,
  cpuProfDir?: string,
): Promise<RunningService[]> {
  const launch = async (name: string): Promise<RunningService> => {
    const port = await freePort();
    const file = join(ROOT, 'apps', name, 'src', 'main.ts');
    const serviceEnv = { ...env, PORT: String(port) };
    const child = cpuProfDir
      ? runNode(
          [
            '--cpu-prof',
            `--cpu-prof-dir=${resolve(cpuProfDir)}`,
            `--cpu-prof-name=${name}.cpuprofile`,
            '-r',
            join(ROOT, 'tools', 'register.cjs'),
            file,
          ],
          {
            env: serviceEnv,
          },
        )
      : runTs(file, [], serviceEnv);
    return { name, port, child, output: () => child.output() };
  };
  const services: RunningService[] = [];
  for (const name of names) services.push(await launch(name));
  onCleanup('stop services', () => Promise.all(services.map((s) => killIfRunning(s.child as TsProcess, 'SIGTERM'))));
  await Promise.all(
    services.map(async (_, i) => {
      // freePort's port was free a moment ago: an outgoing connection (they take ports from the same range) may bind
      // it before the service listens, which then exits with EADDRINUSE. Started again on another port, twice at most.
      for (let attempt = 1; ; attempt++) {
        try {
          return await waitReady(services[i], log);
        } catch (error) {
          if (attempt >= 3 || !services[i].output().includes('EADDRINUSE')) throw error;
          log(`${services[i].name}: port ${services[i].port} was taken before it listened (EADDRINUSE); starting it again on another`);
          services[i] = await launch(services[i].name);
        }
      }
    }),
  );
  return services;
}

/** Where `npm start` compiles the repository to (package.json "start": tools/build/build.mjs --incremental). */
export const START_BUILD = join(ROOT, 'node_modules', '.cache', 'leadline', 'start');

/** `npm start`'s build (START_BUILD), brought up to date as `npm start` does: what the image holds, runnable in place. */
export async function buildAsNpmStart(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'tools', 'build', 'build.mjs'), '--incremental', '--link-workspaces', '--out-dir', START_BUILD],
    { cwd: ROOT },
  );
}

/**
 * `npm start`'s build, brought up to date as `npm start` does, and the bench's child compiled beside it (outside
 * the build, whose incremental run removes what it does not produce): the path of the child's JavaScript.
 */
async function compiledChild(): Promise<string> {
  await buildAsNpmStart();
  const { $schema: _schema, ...swcrc } = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8')) as Record<string, unknown>;
  const source = join(__dirname, 'embedded-platform.child.ts');
  const { code } = await transformFile(source, { ...swcrc, swcrc: false, sourceMaps: false, filename: source });
  const target = join(ROOT, 'node_modules', '.cache', 'leadline', 'bench', 'embedded-platform.child.js');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
  return target;
}

/**
 * The embedded runner in a child with an IPC channel (support/embedded-platform.child.ts counts its commits); with
 * `cpuProfDir`, under `node --cpu-prof`. `start`: 'transpiled' runs the TypeScript sources through
 * tools/register.cjs (SWC on require), 'compiled' the JavaScript `npm start` compiles and runs (no transpiler in
 * the process), started as `npm start` starts it (tools/start-platform.sh).
 */
export async function startEmbedded(
  env: Record<string, string>,
  log: (m: string) => void,
  cpuProfDir?: string,
  start: 'transpiled' | 'compiled' = 'transpiled',
): Promise<RunningService & { child: ChildProcess }> {
  const port = await freePort();
  let output = '';
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir)}`, '--cpu-prof-name=platform.cpuprofile'] : [];
  const compiled = start === 'compiled';
  // Compiled: through npm start's launcher (tools/start-platform.sh: its node flags), which execs node.
  const child = fork(compiled ? await compiledChild() : join(__dirname, 'embedded-platform.child.ts'), [], {
    cwd: ROOT,
    ...(compiled ? { execPath: '/bin/sh' } : {}),
    execArgv: compiled ? [join(ROOT, 'tools', 'start-platform.sh'), ...profile] : [...profile, '-r', join(ROOT, 'tools', 'register.cjs')],
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      ...(compiled ? { BENCH_PLATFORM_MAIN: join(START_BUILD, 'apps', 'platform', 'src', 'main.js') } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const service = { name: 'platform', port, child, output: () => output };
  onCleanup('stop the embedded platform', () => killIfRunning(child as TsProcess, 'SIGTERM'));
  await waitReady(service, log);
  return service;
}

export interface EmbeddedStats {
  /** Transactions committed so far: autocommitted statements + transactions. */
  readonly commits: number;
  /** With BENCH_SQL_TALLY=1: the most frequent statements (a transaction by its first statement) and their counts. */
  readonly top?: ReadonlyArray<readonly [string, number]>;
  /** With BENCH_SQL_TALLY=1: every statement text PGlite executed, how often and its time inside PGlite (ms). */
  readonly costs?: ReadonlyArray<readonly [string, number, number]>;
}

/** What the embedded platform has committed so far. */
export function embeddedStats(child: ChildProcess): Promise<EmbeddedStats> {
  return new Promise((resolveStats, reject) => {
    const timer = setTimeout(() => reject(new Error('the embedded platform did not answer the stats request')), 10_000);
    const onMessage = (message: { type?: string } & Partial<EmbeddedStats>) => {
      if (message?.type !== 'stats') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolveStats({ commits: message.commits ?? NaN, top: message.top, costs: message.costs });
    };
    child.on('message', onMessage);
    child.send({ type: 'stats' });
  });
}

async function waitReady(s: RunningService, log: (m: string) => void): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(`${s.name} exited (${s.child.exitCode ?? s.child.signalCode}) before it was ready:\n${s.output().slice(-3000)}`);
    }
    const ok = await fetch(`http://127.0.0.1:${s.port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 180_000) throw new Error(`${s.name} not ready within 180 s:\n${s.output().slice(-3000)}`);
    await sleep(250);
  }
  log(`${s.name} ready on :${s.port} (pid ${s.child.pid}) after ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

let sqlIds = 0;

/** Runs a read on the embedded platform's PGlite (support/embedded-platform.child.ts), not counted as its commit. */
export function embeddedSql<Row>(child: ChildProcess, text: string, params: unknown[] = []): Promise<Row[]> {
  return askEmbedded<{ rows?: Row[] }>(child, 'sql', { text, params }, text.slice(0, 60)).then((answer) => answer.rows ?? []);
}

/** The embedded platform's `process.memoryUsage()` (bytes). */
export function embeddedMemory(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return askEmbedded<NodeJS.MemoryUsage>(child, 'memory', {}, 'memory');
}

/** The embedded platform's `process.memoryUsage()` after a full garbage collection: what it retains. */
export function embeddedMemoryAfterGc(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return askEmbedded<NodeJS.MemoryUsage>(child, 'gc', {}, 'gc');
}

/** Writes a V8 heap snapshot of the embedded platform to `path` (a full collection first); its memory usage after it. */
export function embeddedHeapSnapshot(child: ChildProcess, path: string): Promise<NodeJS.MemoryUsage> {
  return askEmbedded<NodeJS.MemoryUsage>(child, 'heap-snapshot', { path, timeoutMs: 900_000 }, 'heap snapshot');
}

/** Starts, or stops and writes to `path`, a V8 CPU profile of the embedded platform (the bench's --cpu-prof). */
export async function embeddedCpuProfile(child: ChildProcess, action: 'start' | 'stop', path?: string): Promise<void> {
  await askEmbedded(child, 'cpu-prof', { action, path }, `cpu-prof ${action}`);
}

/** One request over the child's IPC channel, answered by a message of the same type and id. */
function askEmbedded<Answer>(child: ChildProcess, type: string, body: Record<string, unknown>, what: string): Promise<Answer> {
  const id = ++sqlIds;
  const timeoutMs = typeof body.timeoutMs === 'number' ? body.timeoutMs : 120_000;
  return new Promise((resolveAnswer, reject) => {
    const timer = setTimeout(() => reject(new Error(`the embedded platform did not answer: ${what}`)), timeoutMs);
    const onMessage = (message: { type?: string; id?: number; error?: string }) => {
      if (message?.type !== type || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      if (message.error) reject(new Error(message.error));
      else resolveAnswer(message as Answer);
    };
    child.on('message', onMessage);
    child.send({ type, id, ...body });
  });
}

/** The statements PGlite spent most time on between two stats readings (BENCH_SQL_TALLY=1), per lead, one line each. */
export function costsBetween(before: EmbeddedStats, after: EmbeddedStats, leads: number, count = 25): string[] {
  const was = new Map((before.costs ?? []).map(([sql, n, ms]) => [sql, { n, ms }]));
  const rows = (after.costs ?? [])
    .map(([sql, n, ms]) => ({ sql, n: n - (was.get(sql)?.n ?? 0), ms: ms - (was.get(sql)?.ms ?? 0) }))
    .filter((r) => r.n > 0);
  const total = rows.reduce((sum, r) => sum + r.ms, 0);
  const lines = rows
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((r) => `  ${(r.ms / leads).toFixed(2).padStart(7)} ms ${(r.n / leads).toFixed(2).padStart(6)} ×  ${r.sql}`);
  const n = rows.reduce((sum, r) => sum + r.n, 0);
  return [`  per lead: ${(total / leads).toFixed(2)} ms in PGlite over ${(n / leads).toFixed(1)} statements`, ...lines];
}

/** What committed between two stats readings (BENCH_SQL_TALLY=1), most frequent first, one line each. */
export function tallyBetween(before: EmbeddedStats, after: EmbeddedStats): string[] {
  const was = new Map(before.top ?? []);
  return (after.top ?? [])
    .map(([sql, n]) => [sql, n - (was.get(sql) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([sql, n]) => `  ${String(n).padStart(7)}  ${sql}`);
}
