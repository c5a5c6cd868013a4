/**
 * Property-based fuzzing of every POST and PATCH route and the CSV imports, against the whole
 * platform in one process (reactions paused after seeding, so events can be attributed).
 *
 *   npm run fuzz -- [--requests 10000] [--seed N] [--pglite] [--database-url URL]
 *
 *   --requests N        generated requests (default 10,000)
 *   --seed N            fast-check seed (default random; printed, and printed again with a counterexample)
 *   --pglite            run on PGlite in a temporary folder instead of PostgreSQL
 *   --database-url URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 *                       database ll_fuzz_<random> is created and dropped at the end
 *   --phone-samples N   timed requests with a 100 KB phone field (default 25)
 *
 * Prints the answers by status, route and attack class, the events refused requests appended
 * (must be 0), the slowest requests, and the time to answer a 100 KB phone field.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target';
import { fuzzHttp, type FuzzTally } from './http-fuzz';

interface Options {
  requests: number;
  seed: number;
  pglite: boolean;
  adminUrl: string;
  phoneSamples: number;
}

function options(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    requests: Number(value('--requests') ?? 10_000),
    seed: Number(value('--seed') ?? randomBytes(4).readInt32LE()),
    pglite: argv.includes('--pglite'),
    adminUrl: value('--database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    phoneSamples: Number(value('--phone-samples') ?? 25),
  };
}

async function withDatabase<T>(o: Options, run: (env: { DATABASE_URL?: string; DATA_DIR?: string }) => Promise<T>): Promise<T> {
  if (o.pglite) {
    const dir = await mkdtemp(join(tmpdir(), 'leadline-fuzz-'));
    try {
      return await run({ DATA_DIR: dir });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const name = `ll_fuzz_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(o.adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run({ DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Milliseconds to answer POST /leads with a 100 KB phone field (digits then a letter: the old pattern's worst case). */
async function timePhone(target: FuzzTarget, samples: number): Promise<{ statuses: number[]; ms: number[] }> {
  const body = JSON.stringify({ source: 'demo-request', contact: { email: 'ada@acme.com', phone: `${'1'.repeat(99_990)}a` } });
  const result = { statuses: [] as number[], ms: [] as number[] };
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(`${target.url}/leads`, {
      method: 'POST',
      headers: { ...target.auth, 'content-type': 'application/json' },
      body,
    });
    await response.text();
    result.ms.push(performance.now() - started);
    result.statuses.push(response.status);
  }
  return result;
}

const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

function report(tally: FuzzTally, phone: { statuses: number[]; ms: number[] }, seconds: number): void {
  const lines = (map: Map<string | number, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`);
  const errors = [...tally.statuses.entries()].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
  console.log(
    `\n${tally.requests} requests in ${seconds.toFixed(1)} s; answers >= 500: ${errors}; events appended by refused requests: ${tally.eventsFromRefused}`,
  );
  console.log('by status:');
  console.log(lines(new Map([...tally.statuses.entries()].sort((a, b) => a[0] - b[0]))).join('\n'));
  console.log('by attack:');
  console.log(lines(tally.attacks).join('\n'));
  console.log(`by route (${tally.routes.size} routes):`);
  console.log(lines(tally.routes).join('\n'));
  console.log('slowest:');
  for (const slow of tally.slowest) console.log(`  ${slow.ms.toFixed(0).padStart(6)} ms  ${slow.request}`);
  console.log(
    `100 KB phone field: ${phone.ms.length} requests, statuses ${[...new Set(phone.statuses)].join(',')}; ` +
      `median ${percentile(phone.ms, 0.5).toFixed(1)} ms, p90 ${percentile(phone.ms, 0.9).toFixed(1)} ms, max ${Math.max(...phone.ms).toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  console.log(`fuzzing ${o.requests} requests, seed ${o.seed}, on ${o.pglite ? 'PGlite' : 'PostgreSQL'}`);
  await withDatabase(o, async (env) => {
    const target = await startFuzzTarget(env);
    try {
      const started = performance.now();
      const tally = await fuzzHttp(target, {
        requests: o.requests,
        seed: o.seed,
        onRequest: (done) => {
          if (done % 1000 === 0) console.log(`  ${done} requests`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      report(tally, await timePhone(target, o.phoneSamples), seconds);
    } finally {
      await target.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
