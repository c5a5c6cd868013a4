/**
 * Local experiment (not the store): what the Kafka relays cost PostgreSQL per lead, alone. A fresh database on the
 * server of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5433/postgres) and four KafkaRelays on it, one
 * per category as the line's four services run them (lead, enrichment, score, assignment), each with its own pool;
 * a writer appends, per lead, one event to each category in that order, each in its own transaction, `--hop-ms`
 * apart (the line's hops), leads started at `--rate` per second for `--seconds`. Then every relay's waitForIdle,
 * stop. Reported per lead: the relays' statements by kind (counted on their pools: log reads, held-back looks,
 * checkpoint stores, loads, other; each autocommitted, and a store's commit flushes WAL), the PostgreSQL server's CPU
 * (postmaster and its children, utime + stime from /proc; the postmaster's pid from `--pg-data`'s postmaster.pid:
 * the writer's appends are in it too) and this process's CPU (writer and relays), with the 1-minute load before and
 * after. The database and the topics are dropped at the end.
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/relay-steps.experiment.ts --broker 127.0.0.1:49101 \
 *        --pg-data /work/pg-5441/data [--rate 50] [--seconds 20] [--hop-ms 3]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createPgDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { KafkaRelay } from '@leadline/messaging';
import { parseFlags } from '../support/proc-stats';
import { serverCpuOfDataDir } from '../support/pg-server-stats';

const flags = parseFlags(process.argv.slice(2));
const RATE = Number(flags.get('rate') ?? '50');
const SECONDS = Number(flags.get('seconds') ?? '20');
const HOP_MS = Number(flags.get('hop-ms') ?? '3');
const BROKER = flags.get('broker') ?? '127.0.0.1:9092';
const PG_DATA = flags.get('pg-data');
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const CATEGORIES = ['lead', 'enrichment', 'score', 'assignment'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg()[0].toFixed(1);

/** The server's CPU seconds so far (NaN without --pg-data). */
const serverCpuSeconds = serverCpuOfDataDir(PG_DATA);

function kindOf(sql: string): string {
  if (/update \S+checkpoints/.test(sql)) return 'checkpoint store';
  if (/head_transaction_id|order by e\.transaction_id, e\.global_position limit \$3/.test(sql)) return 'log read';
  if (/as found from/.test(sql)) return 'held-back look';
  if (/checkpoints/.test(sql)) return 'checkpoint load';
  return 'other';
}

/** The database with every statement counted by kind (the processor's listen, session and transaction kept). */
function counting(db: SqlDatabase, counts: Map<string, number>): SqlDatabase {
  const counted = Object.create(db) as SqlDatabase;
  const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  counted.query = (async (text: string, params?: readonly unknown[]) => {
    const kind = kindOf(text);
    count(kind);
    const result = await db.query<{ event_id?: string | null }>(text, params);
    // A read that found nothing below the horizon: woken for events an earlier read had already taken.
    if (kind === 'log read' && !result.rows.some((row) => row.event_id)) count('  of which empty');
    return result;
  }) as SqlDatabase['query'];
  return counted;
}

async function main(): Promise<void> {
  const name = `ll_relay_steps_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = ADMIN.replace(/\/[^/]*$/, `/${name}`);
  const prefix = `relay-steps-${randomBytes(3).toString('hex')}.`;
  const kafka = new Kafka({ clientId: 'relay-steps', brokers: BROKER.split(','), logLevel: logLevel.ERROR });
  const counts = new Map<string, number>();
  const writerDb = await createPgDatabase(url, { applicationName: 'relay-steps-writer' });
  const writer = await PostgresEventStore.create(writerDb);
  const relays: KafkaRelay[] = [];
  const pools: SqlDatabase[] = [];
  try {
    for (const category of CATEGORIES) {
      const db = await createPgDatabase(url, { applicationName: `relay-${category}` });
      pools.push(db);
      const counted = counting(db, counts);
      const store = await PostgresEventStore.create(counted, { migrate: false });
      relays.push(new KafkaRelay({ name: category, categories: [category], db: counted, store, kafka, topicPrefix: prefix }));
    }
    for (const relay of relays) await relay.start();
    // One lead through the line first: topics' leaders known, producers warm.
    await lead(writer, 'warm-up');
    await Promise.all(relays.map((relay) => relay.waitForIdle(60_000)));
    await sleep(1_000);

    counts.clear();
    const leads = Math.round(RATE * SECONDS);
    const serverBefore = serverCpuSeconds();
    const selfBefore = process.cpuUsage();
    const loadBefore = load();
    const started = Date.now();
    const running: Promise<void>[] = [];
    for (let n = 0; n < leads; n++) {
      const due = started + (n * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      running.push(lead(writer, `l${n}`));
    }
    await Promise.all(running);
    await Promise.all(relays.map((relay) => relay.waitForIdle(120_000)));
    const elapsed = (Date.now() - started) / 1000;
    for (const relay of relays) await relay.stop();
    const server = serverCpuSeconds() - serverBefore;
    const self = process.cpuUsage(selfBefore);
    const statements = [...counts].filter(([kind]) => !kind.startsWith(' ')).reduce((sum, [, n]) => sum + n, 0);
    const perLead = (n: number) => (n / leads).toFixed(2);
    console.log(
      `relay-steps: ${leads} leads at ${RATE}/s (hops ${HOP_MS} ms) in ${elapsed.toFixed(1)} s, load ${loadBefore} -> ${load()}; per lead: ` +
        `relay statements ${perLead(statements)} (${[...counts]
          .sort()
          .map(([kind, n]) => `${kind} ${perLead(n)}`)
          .join(', ')}), ` +
        `PostgreSQL CPU ${((server * 1000) / leads).toFixed(2)} ms, this process ${((self.user + self.system) / 1000 / leads).toFixed(2)} ms`,
    );
  } finally {
    for (const relay of relays) await relay.stop().catch(() => undefined);
    for (const db of pools) await db.close().catch(() => undefined);
    await writerDb.close().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length) await kafkaAdmin.deleteTopics({ topics });
    await kafkaAdmin.disconnect();
  }
}

async function lead(store: PostgresEventStore, id: string): Promise<void> {
  for (const [i, category] of CATEGORIES.entries()) {
    if (i > 0) await sleep(HOP_MS);
    await store.appendToStream(`${category}-${id}`, [{ type: `${category}-hop`, data: { id }, metadata: { leadId: id } }]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
