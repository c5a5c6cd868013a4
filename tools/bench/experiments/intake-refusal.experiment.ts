/**
 * Local experiment: what lead-intake's admission gate costs per refusal, and how fast it answers a flood. One
 * lead-intake process of this checkout (PostgreSQL + Kafka, no other service), its one slot (HTTP_MAX_IN_FLIGHT=1,
 * HTTP_MAX_QUEUED=0) held by a half-sent capture, then N captures, every one answered 503: by C concurrent keep-alive
 * clients (closed loop), or with OPEN_RATE=R at R a second whatever the answers (open loop, as bench:pipeline sends).
 * Prints the answers by status or transport failure cause, lead-intake's CPU (user + system, /proc) per request, the
 * answers' send -> answer p50 / p99 and the lines lead-intake wrote meanwhile. Run it from each checkout in turn:
 *
 *   [OPEN_RATE=1000] BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres KAFKA_BROKERS=HOST:PORT \
 *     node -r ./tools/register.cjs tools/bench/experiments/intake-refusal.experiment.ts N C [CPU_PROFILE_DIR]
 *
 * See docs/benchmarks.md, "Overload at 500 leads/s distributed".
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateApiKey } from '@leadline/platform';
import { freePort } from '@leadline/testing';
import { ROOT, cleanup, createBenchDatabase, onCleanup, sleep } from '../support/bench-infra';
import { inboundLead } from '../support/lead-fixtures';
import { cpuSeconds, dist, f1 } from '../support/proc-stats';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3000);
  const c = Number(process.argv[3] ?? 50);
  const prof = process.argv[4];
  const db = await createBenchDatabase(
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'll_intake_refusal',
  );
  const port = await freePort();
  const key = generateApiKey().key;
  const child = spawn(
    process.execPath,
    [
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      '-r',
      join(ROOT, 'tools', 'register.cjs'),
      join(ROOT, 'apps', 'lead-intake', 'src', 'main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PROMETHEUS_PORT: '0',
        PORT: String(port),
        DATABASE_URL: db.url,
        AUTH_ADMIN_KEY: key,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19094',
        KAFKA_TOPIC_PREFIX: `ll-intake-refusal-${randomBytes(3).toString('hex')}.`,
        LOG_LEVEL: 'warn',
        INTAKE_RATE_LIMIT: '0',
        HTTP_MAX_IN_FLIGHT: '1',
        HTTP_MAX_QUEUED: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let outBytes = 0;
  let outLines = 0;
  const count = (chunk: Buffer) => {
    outBytes += chunk.length;
    for (const b of chunk) if (b === 10) outLines++;
  };
  child.stdout.on('data', count);
  child.stderr.on('data', count);
  onCleanup('stop intake', async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  // Warm-up: a few captures through the whole path.
  for (let i = 0; i < 20; i++)
    await fetch(`${url}/leads`, {
      method: 'POST',
      headers,
      body: JSON.stringify(inboundLead(i, { prefix: 'ov', tag: 'w', firstName: 'Pat', lastName: 'Over', exchange: 300 })),
    });
  // Hold the one slot.
  const body = Buffer.from(
    JSON.stringify(inboundLead(999_999, { prefix: 'ov', tag: 'h', firstName: 'Pat', lastName: 'Over', exchange: 300 })),
  );
  const held = httpRequest(`${url}/leads`, { method: 'POST', headers: { ...headers, 'content-length': body.length } });
  held.on('error', () => undefined);
  held.write(body.subarray(0, 10));
  await sleep(500);
  const bodies = Array.from({ length: n }, (_, i) =>
    JSON.stringify(inboundLead(1000 + i, { prefix: 'ov', tag: 'r', firstName: 'Pat', lastName: 'Over', exchange: 300 })),
  );
  const statuses: Record<string, number> = {};
  const times: number[] = [];
  const cpu0 = cpuSeconds(child.pid);
  const lines0 = outLines;
  const bytes0 = outBytes;
  const t0 = performance.now();
  let next = 0;
  const one = async (i: number) => {
    const s = performance.now();
    const status = await fetch(`${url}/leads`, { method: 'POST', headers, body: bodies[i] }).then(
      async (r) => (await r.arrayBuffer(), String(r.status)),
      (e: Error) => `failed ${(e.cause as { code?: string } | undefined)?.code ?? e.message}`,
    );
    times.push(performance.now() - s);
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const rate = Number(process.env.OPEN_RATE ?? 0);
  if (rate > 0) {
    // Open loop: `rate` requests a second whatever the answers, as bench:pipeline sends.
    const pending: Promise<void>[] = [];
    const start = performance.now();
    while (next < n) {
      while (next < n && start + (next * 1000) / rate <= performance.now()) pending.push(one(next++));
      await sleep(2);
    }
    await Promise.all(pending);
  } else
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (next < n) await one(next++);
      }),
    );
  const wall = (performance.now() - t0) / 1000;
  await sleep(300);
  const cpu = cpuSeconds(child.pid) - cpu0;
  const d = dist(times);
  process.stdout.write(
    `${n} requests, ${c} clients: ${JSON.stringify(statuses)} in ${f1(wall)} s (${f1(n / wall)}/s); lead-intake CPU ${f1(cpu * 1000)} ms = ${(
      (cpu * 1e6) /
      n
    ).toFixed(
      0,
    )} µs per request; answer p50 ${f1(d.p50)} p99 ${f1(d.p99)} ms; intake output ${outLines - lines0} lines, ${outBytes - bytes0} bytes\n`,
  );
  held.destroy();
}

main()
  .then(() => cleanup(() => undefined))
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    await cleanup(() => undefined);
    process.exit(1);
  });
