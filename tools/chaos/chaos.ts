/**
 * The two-replica chaos run (tools/chaos/chaos-run.ts) at full size, with its figures:
 *
 *   npm run chaos -- [--leads 1000] [--rate 15] [--build DIR] [--broker HOST:PORT] [--database-url URL] [--json FILE]
 *
 *   --leads N           leads posted in all (default 1000)
 *   --rate R            leads per second, open loop (default 15)
 *   --broker HOST:PORT  Kafka bootstrap; default: a broker of its own from tools/kafka/local-kafka.sh on
 *                       port 19194 (state in its own folder; never the test runs' broker), stopped at the end
 *   --database-url URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres); a database
 *                       ll_chaos_<random> is created for the run and dropped at the end
 *   --build DIR         run the services from a production build (`npm run build -- --out-dir DIR`, then
 *                       `npm ci --omit=dev` in DIR) with plain node, as the image does; default: the sources,
 *                       transpiled at every start (restarts then take longer)
 *   --broker-stop-s S   after the kills, stop the run's own broker for S seconds while posting (intake must stay
 *                       ready and accept), then start it again with its state (KAFKA_KEEP_STATE=1); not with --broker
 *   --json FILE         also write the report as JSON
 *
 * Exit code 0 when every accepted lead was captured, enriched, scored and assigned exactly once, in order,
 * every SIGTERMed process exited 0, the survivors caught up before each restart and intake answered
 * nothing but 202 and 503; 1 otherwise. Timings are printed, not judged.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { runChaos, type ChaosReport, type StartFigures, type StopFigures } from './chaos-run';

const ROOT = resolve(__dirname, '..', '..');
const OWN_BROKER_PORT = '19194';

const log = (message: string) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function flags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const [key, inline] = argv[i].slice(2).split('=', 2);
    out.set(key, inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true'));
  }
  return out;
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got ${raw}`);
  return value;
}

async function localKafka(command: 'start' | 'stop', keepState = false): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'tools', 'kafka', 'local-kafka.sh'), command], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_PORT: OWN_BROKER_PORT,
      KAFKA_HEAP_OPTS: process.env.KAFKA_HEAP_OPTS ?? '-Xmx512m -Xms512m',
      KAFKA_KEEP_STATE: keepState ? '1' : '',
    },
    maxBuffer: 1 << 20,
  });
  return stdout.trim().split('\n').pop()?.trim() ?? '';
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const ms = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '—' : `${(value / 1000).toFixed(1)} s`);
const stats = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? `median ${ms(sorted[Math.floor((sorted.length - 1) / 2)])}, max ${ms(sorted[sorted.length - 1])}` : '—';
};

function printReport(report: ChaosReport, command: string): boolean {
  const terms = report.stops.filter((s) => s.signal === 'SIGTERM');
  const restarts = (after: StartFigures['after']) => report.starts.filter((s) => s.after === after);
  const row = (s: StartFigures) => `| ${s.replica} | ${s.after} | ${ms(s.healthMs)} | ${ms(s.readyMs)} | ${ms(s.acceptMs)} |`;
  const termRow = (s: StopFigures) =>
    `| ${s.replica} | ${s.readyOffStatus ?? '—'} after ${s.readyOffMs === undefined ? '—' : `${Math.round(s.readyOffMs)} ms`} | ${s.exitCode} | ${ms(s.exitMs)} |`;
  const outage = report.brokerOutage;
  const ok =
    (!outage || (outage.accepted === outage.posted && outage.intakeReadiness[1] === 0 && Number.isFinite(outage.catchUpMs))) &&
    report.wrongLedgers.length === 0 &&
    report.unexpectedAnswers.length === 0 &&
    terms.every((s) => s.exitCode === 0) &&
    report.survivorsCaughtUp.every(Boolean);
  const lines = [
    `Command: \`${command}\``,
    '',
    `- leads accepted: ${report.accepted}; ledgers not exactly captured → enriched → scored → assigned once each: ${report.wrongLedgers.length}`,
    `- intake answers other than 202/503: ${report.unexpectedAnswers.length}; fail-overs to the other intake replica (503 or no connection): ${report.failovers}`,
    `- survivors assigned everything accepted, nobody restarted: after the SIGTERMs in ${ms(report.takeoverMs[0])}, after the SIGKILLs in ${ms(report.takeoverMs[1])}`,
    `- SIGTERM: /ready off ${stats(terms.map((s) => s.readyOffMs ?? Number.NaN))}; exit ${stats(terms.map((s) => s.exitMs))}; exit codes ${terms.map((s) => s.exitCode).join(', ')}`,
    `- restart after SIGKILL: /health ${stats(restarts('SIGKILL').map((s) => s.healthMs))}, /ready ${stats(restarts('SIGKILL').map((s) => s.readyMs))}`,
    `- restart after SIGTERM: /health ${stats(restarts('SIGTERM').map((s) => s.healthMs))}, /ready ${stats(restarts('SIGTERM').map((s) => s.readyMs))}`,
    ...(outage
      ? [
          `- broker stopped for ${ms(outage.downMs)}: intake accepted ${outage.accepted} of ${outage.posted} leads posted meanwhile; ` +
            `its /ready answered 200 ${outage.intakeReadiness[0]} times and otherwise ${outage.intakeReadiness[1]} times; ` +
            `the line assigned everything ${ms(outage.catchUpMs)} after the broker was back`,
        ]
      : []),
    `- services run from ${report.runFrom === 'build' ? 'the production build (plain node)' : 'the TypeScript sources (transpiled at start)'}; ` +
      `machine load average ${report.loadAverage[0].toFixed(1)} at the start, ${report.loadAverage[1].toFixed(1)} at the end (${cpus().length} cores)`,
    `- whole run: ${ms(report.durationMs)}; verdict: ${ok ? 'PASS' : 'FAIL'}`,
    '',
    '| SIGTERMed | /ready | exit code | exit after |',
    '|---|---|---|---|',
    ...terms.map(termRow),
    '',
    '| started | after | /health | /ready | first lead accepted |',
    '|---|---|---|---|---|',
    ...[...restarts('SIGTERM'), ...restarts('SIGKILL')].map(row),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (report.wrongLedgers.length > 0)
    process.stdout.write(`\nWrong ledgers (first 10): ${JSON.stringify(report.wrongLedgers.slice(0, 10))}\n`);
  return ok;
}

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2));
  const leads = Math.round(positive(options.get('leads'), 1000, 'leads'));
  const rate = positive(options.get('rate'), 15, 'rate');
  const adminUrl = options.get('database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const ownBroker = !options.has('broker');
  const buildDir = options.get('build');
  const brokerStopS = options.has('broker-stop-s') ? positive(options.get('broker-stop-s'), 30, 'broker-stop-s') : undefined;
  if (brokerStopS !== undefined && !ownBroker) throw new Error("--broker-stop-s stops the run's own broker only: leave out --broker");
  const command =
    `npm run chaos -- --leads ${leads} --rate ${rate}` +
    `${brokerStopS ? ` --broker-stop-s ${brokerStopS}` : ''}${buildDir ? ` --build ${buildDir}` : ''}`;

  const broker = options.get('broker') ?? (await localKafka('start'));
  const name = `ll_chaos_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let ok = false;
  try {
    log(`database ${name}, broker ${broker}${ownBroker ? ' (its own)' : ''}`);
    const report = await runChaos({
      databaseUrl: url.toString(),
      kafkaBrokers: [broker],
      topicPrefix: `chaos-${randomBytes(3).toString('hex')}.`,
      leads,
      rate,
      buildDir,
      brokerOutage:
        brokerStopS === undefined
          ? undefined
          : {
              downMs: brokerStopS * 1000,
              stop: () => localKafka('stop').then(() => undefined),
              start: () => localKafka('start', true).then(() => undefined),
            },
      // The posting client is one address: the per-client intake limit is not what this run measures.
      env: { INTAKE_RATE_LIMIT: '0' },
      log,
    });
    ok = printReport(report, command);
    const json = options.get('json');
    if (json) writeFileSync(json, `${JSON.stringify({ command, ...report }, null, 2)}\n`);
  } finally {
    await admin(adminUrl, `drop database if exists ${name} with (force)`).catch((error: Error) => log(`drop ${name}: ${error.message}`));
    if (ownBroker) await localKafka('stop').catch((error: Error) => log(`stopping the broker: ${error.message}`));
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
