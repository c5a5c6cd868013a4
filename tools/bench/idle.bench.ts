/**
 * What the line costs with no load: each process's share of a core and the transactions it commits.
 *
 *   npm run bench:idle -- [--mode embedded|distributed|both] [--settle-s 20] [--idle-s 60]
 *
 *   --mode M            embedded (`npm start` on PGlite), distributed (one process per service on
 *                       PostgreSQL and Kafka), or both (default)
 *   --services a,b      distributed: the services to start (default lead-intake,enrichment,scoring,routing;
 *                       `all` for every app)
 *   --settle-s S        seconds after every process is ready before measuring (default 20)
 *   --idle-s S          seconds measured (default 60)
 *   --broker HOST:PORT  Kafka (default: start or reuse tools/kafka/local-kafka.sh)
 *   --cpu-prof DIR      distributed: run the services with `node --cpu-prof` (DIR/<service>.cpuprofile at the end)
 *   --database-url URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 *                       database ll_bench_idle_<rand> is created and dropped at the end
 *
 * Commits: distributed, `xact_commit` of the bench database (pg_stat_database; read-only transactions
 * count too, the bench's own two reads are taken off); embedded, PGlite's autocommitted statements and
 * transactions, counted inside the platform process (support/embedded-platform.child.ts).
 * The floor, in the same run: a Node process with the same loader and nothing to do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { generateApiKey } from '@leadline/platform';
import { killIfRunning, runNode } from '@leadline/testing';
import {
  ROOT,
  benchLogger,
  cleanUpOnSignals,
  cleanup,
  committedTransactions,
  createBenchDatabase,
  embeddedStats,
  type EmbeddedStats,
  onCleanup,
  resolveBroker,
  sleep,
  startEmbedded,
  startServices,
  tallyBetween,
} from './support/bench-infra';
import { cpuWindow, f1, f2, parseFlags, type CpuReading } from './support/proc-stats';

const log = benchLogger('bench:idle');
const LINE = ['lead-intake', 'enrichment', 'scoring', 'routing'];
const ALL = [...LINE, 'appointments', 'customer-success', 'metrics'];

interface IdleResult {
  readonly mode: string;
  readonly reading: CpuReading;
  readonly commits: number;
}

async function measure(
  mode: string,
  pids: Record<string, number | undefined>,
  commitsSoFar: () => Promise<number>,
  idleS: number,
  ownReads: number,
): Promise<IdleResult> {
  const c0 = await commitsSoFar();
  const window = cpuWindow(pids);
  await sleep(idleS * 1000);
  const reading = window.stop();
  const c1 = await commitsSoFar();
  return { mode, reading, commits: c1 - c0 - ownReads };
}

function floorProcess() {
  const child = runNode(['-r', join(ROOT, 'tools', 'register.cjs'), '-e', 'setInterval(() => undefined, 1 << 30)']);
  onCleanup('stop the floor process', () => killIfRunning(child, 'SIGTERM'));
  return child;
}

async function embedded(settleS: number, idleS: number): Promise<IdleResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'll-bench-idle-'));
  onCleanup(`remove ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
  log(`embedded: npm start on PGlite in ${dataDir} (demo organisation seeded, as a user runs it)`);
  const platform = await startEmbedded(
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn', AUTH_ADMIN_KEY: generateApiKey().key, PROMETHEUS_PORT: '0' },
    log,
  );
  const floor = floorProcess();
  log(`settling ${settleS} s, then measuring ${idleS} s ...`);
  await sleep(settleS * 1000);
  const seen: EmbeddedStats[] = [];
  const commits = async () => {
    const stats = await embeddedStats(platform.child);
    seen.push(stats);
    return stats.commits;
  };
  const result = await measure('embedded', { platform: platform.child.pid, floor: floor.pid }, commits, idleS, 0);
  if (seen[1]?.top) process.stdout.write(`\nembedded: what committed while idle\n${tallyBetween(seen[0], seen[1]).join('\n')}\n`);
  await killIfRunning(platform.child as never, 'SIGTERM');
  return result;
}

async function distributed(
  names: readonly string[],
  settleS: number,
  idleS: number,
  adminUrl: string,
  brokerFlag?: string,
  cpuProfDir?: string,
): Promise<IdleResult> {
  const broker = await resolveBroker(brokerFlag);
  const database = await createBenchDatabase(adminUrl, 'll_bench_idle');
  const topicPrefix = `ll-bench-idle-${database.name.slice(-8)}.`;
  onCleanup('delete topics', async () => {
    const admin = new Kafka({ clientId: 'bench-idle-cleanup', brokers: broker.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
      if (topics.length) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  });
  log(`distributed: ${names.join(', ')} on ${database.name}, Kafka ${broker}`);
  const services = await startServices(
    names,
    {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_ADMIN_KEY: generateApiKey().key,
      LOG_LEVEL: 'warn',
      PROMETHEUS_PORT: '0',
    },
    log,
    cpuProfDir,
  );
  const floor = floorProcess();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  onCleanup('close the stats connection', () => db.end());
  log(`settling ${settleS} s, then measuring ${idleS} s ...`);
  await sleep(settleS * 1000);
  const pids = Object.fromEntries([...services.map((s) => [s.name, s.child.pid]), ['floor', floor.pid]]);
  return measure('distributed', pids, () => committedTransactions(db), idleS, 1);
}

function report(result: IdleResult): void {
  const { reading } = result;
  const rows = Object.entries(reading.processes).map(
    ([name, p]) => `| ${name} | ${f2((100 * p.cpuSeconds) / reading.seconds)} % | ${f1(p.rssMiB)} MiB |`,
  );
  const load = reading.loadAverage.map((l) => l.toFixed(2)).join(' → ');
  process.stdout.write(
    [
      '',
      `${result.mode}: ${f1(reading.seconds)} s idle · ${f2(result.commits / reading.seconds)} commits/s (${result.commits}) · machine ${f1(100 * reading.machineBusy)} % busy · load average ${load}`,
      '',
      '| process | CPU (share of one core) | RSS |',
      '|---|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const mode = flags.get('mode') ?? 'both';
  const settleS = Number(flags.get('settle-s') ?? 20);
  const idleS = Number(flags.get('idle-s') ?? 60);
  const services = flags.get('services') === 'all' ? ALL : (flags.get('services')?.split(',') ?? LINE);
  const adminUrl = flags.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  cleanUpOnSignals(log);
  const results: IdleResult[] = [];
  if (mode === 'embedded' || mode === 'both') results.push(await embedded(settleS, idleS));
  if (mode === 'distributed' || mode === 'both')
    results.push(await distributed(services, settleS, idleS, adminUrl, flags.get('broker'), flags.get('cpu-prof')));
  await cleanup(log);
  process.stdout.write(
    `\nRun ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — npm run bench:idle -- ${process.argv.slice(2).join(' ')}\n`,
  );
  results.forEach(report);
}

main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup(log);
  process.exit(1);
});
