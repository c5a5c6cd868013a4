/**
 * The embedded process's memory (`npm start`: every service in one process on PGlite) at rest and as leads go
 * through it, captured → assigned.
 *
 *   npm run bench:memory:embedded -- [--leads 10000] [--rate 20] [--backlog 200] [--checkpoints 1000,10000]
 *
 *   --leads N           inbound leads in all (default 10000)
 *   --rate R            at most R posts per second (default 20)
 *   --backlog B         at most B accepted leads not yet assigned: the poster waits beyond it, so the run follows
 *                       the line's pace on a loaded machine instead of piling up 503s (default 200)
 *   --checkpoints a,b   after a, b, ... leads: wait until every accepted lead is assigned, then read (default
 *                       1000,5000,10000 within --leads)
 *   --sdrs K            inbound SDRs registered (default 20)
 *   --settle-s S        idle seconds before the "at rest" reading (default 10)
 *   --transpiled        run the TypeScript sources through tools/register.cjs (SWC on require), as `npm start` did
 *                       before issue 15; default: the compiled JavaScript `npm start` builds and runs
 *   --heap-snapshots D  also write a V8 heap snapshot of the platform at rest and at each checkpoint into folder D
 *                       (`at-rest.heapsnapshot`, `after-1000.heapsnapshot`, ...; compare retained sizes in Chrome
 *                       DevTools' Memory tab; slow on a loaded machine)
 *
 * A 503 (admission gate) is posted again after its Retry-After, so every lead is captured once. Each reading:
 * RSS (/proc/<pid>/status VmRSS), the peak RSS sampled every second so far, and the platform's
 * `process.memoryUsage()`: the V8 heap used and total, external (PGlite's WebAssembly memory is counted there)
 * and array buffers, then the heap used after a full collection (what the process retains: the figure to compare
 * between checkpoints for a leak). The 1-minute load average is printed with every row: the machine is shared.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateApiKey } from '@leadline/platform';
import {
  benchLogger,
  cleanUpOnSignals,
  cleanup,
  embeddedHeapSnapshot,
  embeddedMemory,
  embeddedMemoryAfterGc,
  embeddedSql,
  onCleanup,
  runBench,
  sleep,
  startEmbedded,
} from './support/bench-infra';
import { inboundLead, inboundSdr } from './support/lead-fixtures';
import { cpuSeconds, f1, loadAverage, parseFlags, rssMiB } from './support/proc-stats';

const log = benchLogger('bench:memory:embedded');
const ADMIN_KEY = generateApiKey().key;
const MiB = 1024 * 1024;

const lead = (n: number) => inboundLead(n, { prefix: 'mem', tag: '', firstName: 'Max', lastName: 'Memory', exchange: 300 });

/** Posts until the platform accepts (202) or refuses for good; a 503 or 429 waits its Retry-After. */
async function postUntilAccepted(url: string, body: unknown): Promise<number> {
  for (;;) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (response.status !== 503 && response.status !== 429) return response.status;
    await sleep(1000 * Number(response.headers.get('retry-after') ?? 1));
  }
}

interface Reading {
  point: string;
  assigned: number;
  seconds: number;
  rss: number;
  peak: number;
  memory: NodeJS.MemoryUsage;
  /** Heap used after a full collection (what is retained). */
  retained: number;
  cpuMsPerLead: number;
  load: number;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const leads = Number(flags.get('leads') ?? 10_000);
  const rate = Number(flags.get('rate') ?? 20);
  const backlog = Number(flags.get('backlog') ?? 200);
  const checkpoints = (flags.get('checkpoints') ?? '1000,5000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0 && n < leads)
    .concat(leads);
  const sdrs = Number(flags.get('sdrs') ?? 20);
  const settleS = Number(flags.get('settle-s') ?? 10);
  const start = flags.has('transpiled') ? 'transpiled' : 'compiled';
  const snapshotDir = flags.get('heap-snapshots');
  if (snapshotDir) mkdirSync(resolve(snapshotDir), { recursive: true });
  cleanUpOnSignals(log);

  const dataDir = mkdtempSync(join(tmpdir(), 'll-bench-memory-'));
  onCleanup(`remove ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  const platform = await startEmbedded(
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn', AUTH_ADMIN_KEY: ADMIN_KEY, DEMO_ORG: 'false', INTAKE_RATE_LIMIT: '0', PROMETHEUS_PORT: '0' },
    log,
    undefined,
    start,
  );
  const pid = platform.child.pid;
  const base = `http://127.0.0.1:${platform.port}`;
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 1000);
  onCleanup('stop the RSS sampler', async () => clearInterval(sampler));
  for (let i = 0; i < sdrs; i++) {
    const status = await postUntilAccepted(`${base}/sdrs`, inboundSdr('mem', i));
    if (status !== 201) throw new Error(`POST /sdrs answered ${status}`);
  }
  log(`registered ${sdrs} SDRs; idle ${settleS} s ...`);
  await sleep(settleS * 1000);

  const t0 = performance.now();
  const cpu0 = cpuSeconds(pid);
  const readings: Reading[] = [];
  const read = async (point: string, assigned: number) => {
    const rss = rssMiB(pid);
    peak = Math.max(peak, rss);
    const reading = {
      point,
      assigned,
      seconds: (performance.now() - t0) / 1000,
      rss,
      peak,
      memory: await embeddedMemory(platform.child),
      cpuMsPerLead: assigned ? (1000 * (cpuSeconds(pid) - cpu0)) / assigned : NaN,
      load: loadAverage(),
      retained: (snapshotDir
        ? await embeddedHeapSnapshot(platform.child, join(resolve(snapshotDir), `${point.replace(/\W+/g, '-')}.heapsnapshot`))
        : await embeddedMemoryAfterGc(platform.child)
      ).heapUsed,
    };
    readings.push(reading);
    log(
      `  ${point}: RSS ${f1(reading.rss)} MiB (peak ${f1(reading.peak)}), heap used ${f1(reading.memory.heapUsed / MiB)} MiB (${f1(reading.retained / MiB)} after a full collection), external ${f1(reading.memory.external / MiB)} MiB, load ${reading.load.toFixed(1)}`,
    );
  };
  await read('at rest', 0);

  /** LeadAssigned events counted so far (the bench's leads are the only ones: DEMO_ORG=false). */
  let assigned = 0;
  let position = '0';
  const countAssigned = async () => {
    const [row] = await embeddedSql<{ n: number; last: string | null }>(
      platform.child,
      `select count(*)::int as n, max(global_position)::text as last from event_store.events
        where event_type = 'LeadAssigned' and global_position > $1::bigint`,
      [position],
    );
    assigned += row?.n ?? 0;
    position = row?.last ?? position;
    return assigned;
  };

  let accepted = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let n = 0; n < leads; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    if (n % 20 === 0) await countAssigned();
    while (accepted + inFlight.size - assigned > backlog) {
      await sleep(500);
      await countAssigned();
    }
    const posting: Promise<void> = postUntilAccepted(`${base}/leads`, lead(n)).then(
      (status) => {
        if (status === 202) accepted += 1;
        else failed += 1;
      },
      () => void (failed += 1),
    );
    const tracked = posting.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (checkpoints.includes(n + 1)) {
      await Promise.all(inFlight);
      while ((await countAssigned()) < accepted) await sleep(1000);
      await read(`after ${n + 1}`, assigned);
    }
  }
  clearInterval(sampler);
  await cleanup(log);

  const args = process.argv.slice(2).join(' ');
  const out = [
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — npm run bench:memory:embedded -- ${args}`,
    `${start === 'compiled' ? "npm start's compiled build" : 'TypeScript through tools/register.cjs'}; ${leads} leads posted (at most ${rate}/s, backlog ≤ ${backlog}), ${accepted} accepted, ${failed} failed; ${sdrs} SDRs. MiB.`,
    '',
    '| point | assigned | s | RSS | peak RSS | heap used / total | heap after full GC | external | array buffers | CPU ms / lead | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...readings.map(
      (r) =>
        `| ${r.point} | ${r.assigned} | ${r.seconds.toFixed(0)} | ${f1(r.rss)} | ${f1(r.peak)} | ${f1(r.memory.heapUsed / MiB)} / ${f1(r.memory.heapTotal / MiB)} | ${f1(r.retained / MiB)} | ${f1(r.memory.external / MiB)} | ${f1(r.memory.arrayBuffers / MiB)} | ${f1(r.cpuMsPerLead)} | ${r.load.toFixed(1)} |`,
    ),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

runBench(main, log);
