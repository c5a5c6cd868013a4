/**
 * Local experiment: what one statement's round trip to PostgreSQL costs on this machine, in the Node process that
 * sends it and in the server, depending on whether the process waits idle between statements; and what a NOTIFY
 * costs per listening connection. The line at 500 leads/s is busy: a statement's answer finds the process at work.
 * At 50 leads/s it is mostly idle: nearly every answer, notification and fetch wakes a sleeping process and a
 * sleeping backend. On the 2-core machine the second is several times the first, and that difference is most of the
 * CPU a lead costs at 50/s (docs/benchmarks.md, "Issue 15, the twenty-second 2026-12-07 session").
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/round-trip.experiment.ts [--database-url URL]
 *     [--statements 4000] [--gap-ms 5] [--listeners 4]
 *
 * Modes, each after a warm-up of a quarter of its statements (JIT, connection), measured by this process's
 * process.cpuUsage() and the server's processes' CPU in /proc (when the server runs on this machine):
 *   back to back       `select 1`, each sent when the previous answered: the process never sleeps
 *   one per wake-up    `select 1`, then a timer of --gap-ms: process and backend sleep between statements
 *   4 per wake-up      four `select 1` written at once (pg's pipeline mode), then the timer
 *   timer only         the timer alone: what the wake-up itself costs this process, to subtract
 *   transaction, …     BEGIN, an insert and COMMIT, one transaction per wake-up (figures per transaction): COMMIT
 *                      written once the insert answered (what the line's transactions do), or right behind it
 *   notify, …          an autocommitted insert with pg_notify, one per wake-up, with no connection LISTENing, with
 *                      --listeners connections of this process LISTENing to its channel (each notification wakes each
 *                      listening backend and its client), and with as many LISTENing to another channel
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchLogger, cleanup, cleanUpOnSignals, createBenchDatabase, onCleanup, sleep } from '../support/bench-infra';
import { pgServerWindow } from '../support/pg-server-stats';
import { parseFlags } from '../support/proc-stats';

const log = benchLogger('round-trip');
const flags = parseFlags(process.argv.slice(2));
const ADMIN_URL = flags.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STATEMENTS = Number(flags.get('statements') ?? 4000);
const GAP_MS = Number(flags.get('gap-ms') ?? 5);
const LISTENERS = Number(flags.get('listeners') ?? 4);
const CHANNEL = 'round_trip_experiment';

/** A mode's steps: a quarter of them as its warm-up, unmeasured, then `units` measured. */
const stepsOf = (units: number): number => Math.ceil(units / 4) + units;

interface Row {
  mode: string;
  statements: number;
  /** This process's CPU per statement (or per wake-up for `timer only`), ms. */
  processMs: number;
  /** The server's CPU per statement, ms (NaN when not on this machine). */
  serverMs: number;
  wallS: number;
}

async function main(): Promise<void> {
  cleanUpOnSignals(log);
  const database = await createBenchDatabase(ADMIN_URL, 'll_round_trip');
  const connect = async (pipeline = false): Promise<Client> => {
    const client = new Client({ connectionString: database.url, ...(pipeline ? { pipeline: true } : {}) });
    await client.connect();
    onCleanup('close a client', () => client.end());
    return client;
  };
  const observer = await connect();
  const server = await pgServerWindow(observer);
  log(
    `server CPU ${server.cpu ? 'read from /proc' : 'not readable (not on this machine)'}; ${STATEMENTS} statements a mode, gap ${GAP_MS} ms`,
  );
  const sender = await connect();
  const pipelined = await connect(true);
  await sender.query('create table notified (id bigserial primary key, at timestamptz not null default now())');

  const measure = async (mode: string, units: number, step: () => Promise<unknown>): Promise<Row> => {
    for (let i = units; i < stepsOf(units); i++) await step();
    const stop = await server.start();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < units; i++) await step();
    const used = process.cpuUsage(cpu);
    const wallS = (performance.now() - started) / 1000;
    const serverUse = await stop();
    const row = {
      mode,
      statements: units,
      processMs: (used.user + used.system) / 1000 / units,
      serverMs: ((serverUse.cpuSeconds ?? NaN) * 1000) / units,
      wallS,
    };
    log(`${mode}: this process ${row.processMs.toFixed(3)} ms, server ${row.serverMs.toFixed(3)} ms a statement (${wallS.toFixed(1)} s)`);
    return row;
  };

  const rows: Row[] = [];
  rows.push(await measure('back to back', STATEMENTS, () => sender.query('select 1')));
  rows.push(
    await measure('one per wake-up', STATEMENTS, async () => {
      await sender.query('select 1');
      await sleep(GAP_MS);
    }),
  );
  const four = await measure('4 per wake-up', STATEMENTS / 4, async () => {
    await Promise.all([1, 2, 3, 4].map(() => pipelined.query('select 1')));
    await sleep(GAP_MS);
  });
  rows.push({ ...four, statements: STATEMENTS, processMs: four.processMs / 4, serverMs: four.serverMs / 4 });
  rows.push(await measure('timer only', STATEMENTS, () => sleep(GAP_MS)));

  // A transaction of one insert, one per wake-up: its COMMIT written once the insert answered (as the line's
  // transactions do: the body's result decides), or written right behind it. Per transaction.
  const insert = 'insert into notified default values';
  rows.push(
    await measure('transaction, COMMIT after the answer', STATEMENTS / 2, async () => {
      const begun = pipelined.query('begin');
      await pipelined.query(insert);
      await begun;
      await pipelined.query('commit');
      await sleep(GAP_MS);
    }),
  );
  rows.push(
    await measure('transaction, COMMIT written behind', STATEMENTS / 2, async () => {
      await Promise.all([pipelined.query('begin'), pipelined.query(insert), pipelined.query('commit')]);
      await sleep(GAP_MS);
    }),
  );

  const insertAndNotify = `with n as (insert into notified default values returning id) select pg_notify('${CHANNEL}', 'lead/LeadCaptured') from n`;
  let heard = 0;
  const runs = [
    { listeners: 0, channel: CHANNEL, mode: 'notify, 0 listening' },
    { listeners: LISTENERS, channel: CHANNEL, mode: `notify, ${LISTENERS} listening to it` },
    { listeners: LISTENERS, channel: `${CHANNEL}_other`, mode: `notify, ${LISTENERS} listening to another channel` },
  ];
  for (const { listeners, channel, mode } of runs) {
    const clients: Client[] = [];
    for (let i = 0; i < listeners; i++) {
      const client = await connect();
      client.on('notification', () => heard++);
      await client.query(`listen ${channel}`);
      clients.push(client);
    }
    heard = 0;
    rows.push(
      await measure(mode, STATEMENTS / 2, async () => {
        await sender.query(insertAndNotify);
        await sleep(GAP_MS);
      }),
    );
    await sleep(200);
    const expected = channel === CHANNEL ? listeners * stepsOf(STATEMENTS / 2) : 0;
    if (heard !== expected) throw new Error(`${heard} notifications heard, ${expected} expected`);
    for (const client of clients) await client.query(`unlisten ${channel}`);
  }

  const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
  console.log(
    '\n| mode | statements (transactions) | this process ms a statement (transaction) | server ms a statement (transaction) | wall s |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.mode} | ${r.statements} | ${f3(r.processMs)} | ${f3(r.serverMs)} | ${r.wallS.toFixed(1)} |`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup(log));
