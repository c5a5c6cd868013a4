/**
 * Local experiment: lead-intake's CPU per `POST /leads`, distributed (PostgreSQL + Kafka), one lead-intake process
 * per checkout, measured in alternated rounds so that two checkouts (before and after a change) see the same machine
 * within seconds of each other. Each round posts `--leads` distinct inbound leads, `--concurrency` at a time (closed
 * loop), then waits `--settle-ms` for the relay to send them to Kafka; the figure is the process's CPU (user + system,
 * /proc) over the round divided by the leads, with the 1-minute load average beside it. No other service runs, so
 * the overview's consumer has nothing to fold: this is the HTTP capture path and the relay only.
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/intake-capture-cpu.experiment.ts \
 *     --checkout before=/work/wt/x-before --checkout after=/work/wt/x [--leads 400] [--rounds 6] [--concurrency 8] \
 *     [--warmup 300] [--settle-ms 1500] [--database-url postgres://postgres@127.0.0.1:5432/postgres] --broker HOST:PORT \
 *     [--cpu-prof DIR] [--env NAME=VALUE]...
 *
 * --request invalid posts bodies validation refuses (400), --request health `GET /health`: the HTTP stack alone.
 * --together runs each round on all checkouts at once (the same moments of a shared machine for each) instead of in turn.
 * With --cpu-prof each process runs under `node --cpu-prof` (DIR/<label>.cpuprofile when it exits at the end).
 * See docs/benchmarks.md, "Pipeline: capture to assignment over Kafka".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateApiKey } from '@leadline/platform';
import { freePort, inboundLead } from '@leadline/testing';
import {
  benchLogger,
  cleanUpOnSignals,
  cleanup,
  createBenchDatabase,
  deleteTopicsAtCleanup,
  onCleanup,
  runBench,
  sleep,
} from '../support/bench-infra';

/** User and system CPU seconds of a process so far (/proc, USER_HZ = 100). */
function cpuSplit(pid: number | undefined): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

const log = benchLogger('intake-capture-cpu');
cleanUpOnSignals(log);

const argv = process.argv.slice(2);
const all = (name: string): string[] => argv.flatMap((a, i) => (a === `--${name}` && i + 1 < argv.length ? [argv[i + 1]] : []));
const arg = (name: string, fallback: string): string => all(name).at(-1) ?? fallback;

const LEADS = Number(arg('leads', '400'));
const ROUNDS = Number(arg('rounds', '6'));
const CONCURRENCY = Number(arg('concurrency', '8'));
const WARMUP = Number(arg('warmup', '300'));
const SETTLE_MS = Number(arg('settle-ms', '1500'));
const ADMIN_URL = arg('database-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const BROKER = arg('broker', '');
const CPU_PROF = all('cpu-prof').at(-1);
/** What each request is: a capture (default), a body refused by validation (400), or `GET /health` (the bare HTTP stack). */
/** All checkouts' rounds at the same time (each with --concurrency), so they share the machine's moments alike. */
const TOGETHER = argv.includes('--together');
const REQUEST = arg('request', 'capture') as 'capture' | 'invalid' | 'health';
const EXTRA_ENV = Object.fromEntries(all('env').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const CHECKOUTS = all('checkout').map((spec) => {
  const [label, path] = spec.includes('=') ? [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)] : ['this', spec];
  return { label, root: resolve(path) };
});
if (CHECKOUTS.length === 0) CHECKOUTS.push({ label: 'this', root: resolve(__dirname, '..', '..', '..') });
if (!BROKER) throw new Error('--broker HOST:PORT is required');

const ADMIN_KEY = generateApiKey().key;

interface Intake {
  label: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  tag: string;
  next: number;
}

async function startIntake(label: string, root: string): Promise<Intake> {
  const database = await createBenchDatabase(ADMIN_URL, 'll_bench_intake_cpu');
  const topicPrefix = `ll-bench-intake-cpu-${randomBytes(3).toString('hex')}.`;
  deleteTopicsAtCleanup(BROKER, topicPrefix, log);
  const port = await freePort();
  if (CPU_PROF) mkdirSync(resolve(CPU_PROF), { recursive: true });
  const profiling = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
  const child = spawn(
    process.execPath,
    [...profiling, '-r', join(root, 'tools', 'register.cjs'), join(root, 'apps', 'lead-intake', 'src', 'main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        PROMETHEUS_PORT: '0',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        PORT: String(port),
        DATABASE_URL: database.url,
        AUTH_ADMIN_KEY: ADMIN_KEY,
        KAFKA_BROKERS: BROKER,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        LOG_LEVEL: 'warn',
        INTAKE_RATE_LIMIT: '0',
        ...EXTRA_ENV,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  onCleanup(`stop ${label}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
  });
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited ${child.exitCode}:\n${output.slice(-3000)}`);
    if (
      await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (performance.now() - started > 300_000) throw new Error(`${label} not ready in 300 s:\n${output.slice(-3000)}`);
    await sleep(250);
  }
  log(`${label} (${root}) ready on :${port}, pid ${child.pid}, after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { label, port, child, output: () => output, tag: randomBytes(3).toString('hex'), next: 0 };
}

async function post(
  intake: Intake,
  count: number,
  phase: 'warmup' | 'measure',
): Promise<{ accepted: number; failed: number; wallMs: number }> {
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (count > 0) {
      count--;
      const n = intake.next++;
      const lead = inboundLead(n, { prefix: 'cpu', tag: intake.tag, firstName: 'Pat', lastName: 'Prospect', exchange: 300 });
      const measured = REQUEST !== 'capture' && phase === 'measure';
      const response = await (
        measured && REQUEST === 'health'
          ? fetch(`http://127.0.0.1:${intake.port}/health`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
          : fetch(`http://127.0.0.1:${intake.port}/leads`, {
              method: 'POST',
              headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
              // invalid: the same body with an email that is not one (refused by validation, 400)
              body: JSON.stringify(measured ? { ...lead, contact: { ...lead.contact, email: 'not-an-email' } } : lead),
            })
      ).catch(() => undefined);
      await response?.text();
      if (response?.status === (measured ? (REQUEST === 'health' ? 200 : 400) : 202)) accepted++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { accepted, failed, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  log(`${LEADS} leads × ${ROUNDS} rounds per checkout, ${CONCURRENCY} at a time; checkouts ${CHECKOUTS.map((c) => c.label).join(', ')}`);
  const intakes: Intake[] = [];
  for (const { label, root } of CHECKOUTS) intakes.push(await startIntake(label, root));
  for (const intake of intakes) {
    await post(intake, WARMUP, 'warmup');
    await sleep(SETTLE_MS);
  }
  log(`warmed up (${WARMUP} leads each)`);
  const results = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order each round: before, after, after, before, ... (--together: all checkouts at once)
    const order = round % 2 === 0 ? intakes : [...intakes].reverse();
    const measure = async (intake: Intake) => {
      const load = loadavg()[0];
      const cpu0 = cpuSplit(intake.child.pid);
      const { accepted, failed, wallMs } = await post(intake, LEADS, 'measure');
      await sleep(SETTLE_MS);
      const cpu1 = cpuSplit(intake.child.pid);
      const user = cpu1.user - cpu0.user;
      const system = cpu1.system - cpu0.system;
      const cpu = user + system;
      const perLead = (cpu * 1000) / LEADS;
      results.set(intake.label, [...(results.get(intake.label) ?? []), perLead]);
      log(
        `round ${round + 1} ${intake.label.padEnd(8)} CPU ${perLead.toFixed(2)} ms/lead (${cpu.toFixed(2)} s: user ${user.toFixed(2)}, system ${system.toFixed(2)}) · ${accepted} accepted, ${failed} not · ${(LEADS / (wallMs / 1000)).toFixed(0)} leads/s · load ${load.toFixed(1)}`,
      );
    };
    if (TOGETHER) await Promise.all(order.map(measure));
    else for (const intake of order) await measure(intake);
  }
  for (const [label, values] of results) {
    const sorted = [...values].sort((a, b) => a - b);
    log(
      `${label.padEnd(8)} CPU ms/lead: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} · min ${sorted[0].toFixed(2)} · all ${values.map((v) => v.toFixed(2)).join(', ')}`,
    );
  }
  for (const intake of intakes)
    if (/"level":"(error|fatal)"/.test(intake.output())) log(`${intake.label} logged errors:\n${intake.output().slice(-2000)}`);
  await cleanup(log);
}

runBench(main, log);
