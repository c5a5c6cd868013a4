/**
 * Local experiment (not the store): what an off-the-line Kafka consumer group costs per lead with and without
 * coalesceMs. A fresh database on the server of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5433/postgres),
 * three KafkaRelays (enrichment, score, assignment) and one KafkaEventConsumer on their three topics, as lead-intake's
 * overview is (its handler one upsert per event, keyed by lead, in the delivery's transaction). A writer appends, per
 * lead, one event to each category `--hop-ms` apart, leads started at `--rate` per second for `--seconds`. Each pass
 * has its own topics and group; passes alternate the `--coalesce-ms` values, `--pairs` times. Reported per lead: the
 * consumer's fetches, transactions and OffsetCommits (kafkajs instrumentation), the PostgreSQL server's CPU (postmaster
 * and its children from /proc, `--pg-data`'s postmaster.pid; the writer's appends and the relays' steps are in it too),
 * this process's CPU (writer, relays and consumer), the broker's CPU when `--broker-pid` names its process (the relays'
 * produce requests are in it too), and how long after its append each event was handled (p50 / p99).
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/off-the-line-fetch.experiment.ts --broker 127.0.0.1:49107 \
 *        --pg-data /work/pg-5447/data [--broker-pid <pid>] [--rate 50] [--seconds 15] [--hop-ms 20] [--coalesce-ms 0,200] [--pairs 3]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { createPgDatabase, PostgresEventStore, type RecordedEvent, type SqlExecutor } from '@leadline/event-store';
import { categoryTopic, KafkaEventConsumer, KafkaRelay } from '@leadline/messaging';
import { cpuSeconds, parseFlags } from '../support/proc-stats';
import { serverCpuOfDataDir } from '../support/pg-server-stats';

const flags = parseFlags(process.argv.slice(2));
const RATE = Number(flags.get('rate') ?? '50');
const SECONDS = Number(flags.get('seconds') ?? '15');
const HOP_MS = Number(flags.get('hop-ms') ?? '20');
const COALESCE = (flags.get('coalesce-ms') ?? '0,200').split(',').map(Number);
const PAIRS = Number(flags.get('pairs') ?? '3');
const BROKER = flags.get('broker') ?? '127.0.0.1:9092';
const PG_DATA = flags.get('pg-data');
const BROKER_PID = flags.get('broker-pid');
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const STATIONS = ['enrichment', 'score', 'assignment'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg()[0].toFixed(1);

/** The server's CPU seconds so far (NaN without --pg-data). */
const serverCpuSeconds = serverCpuOfDataDir(PG_DATA);

/** The broker's utime + stime in seconds (NaN without --broker-pid). */
function brokerCpuSeconds(): number {
  return BROKER_PID ? cpuSeconds(Number(BROKER_PID)) : NaN;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};

async function main(): Promise<void> {
  const name = `ll_off_the_line_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = ADMIN.replace(/\/[^/]*$/, `/${name}`);
  const kafka = new Kafka({ clientId: 'off-the-line', brokers: BROKER.split(','), logLevel: logLevel.ERROR });
  const prefixes: string[] = [];
  const writerDb = await createPgDatabase(url, { applicationName: 'off-the-line-writer' });
  const writer = await PostgresEventStore.create(writerDb);
  await writerDb.query('create table if not exists overview (lead_id text primary key, events int not null)');
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const coalesceMs of COALESCE) await pass(url, kafka, writer, coalesceMs, prefixes);
    }
  } finally {
    await writerDb.close().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((topic) => prefixes.some((prefix) => topic.startsWith(prefix)));
    if (topics.length) await kafkaAdmin.deleteTopics({ topics });
    await kafkaAdmin.disconnect();
  }
}

async function pass(url: string, kafka: Kafka, writer: PostgresEventStore, coalesceMs: number, prefixes: string[]): Promise<void> {
  const prefix = `off-the-line-${randomBytes(3).toString('hex')}.`;
  // Categories of this pass only: a new relay reads the whole log, and must not send an earlier pass's events.
  const run = randomBytes(3)
    .toString('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]);
  const categories = STATIONS.map((station) => `${station}${run}`);
  prefixes.push(prefix);
  const relayDb = await createPgDatabase(url, { applicationName: 'off-the-line-relay' });
  const consumerDb = await createPgDatabase(url, { applicationName: 'off-the-line-consumer' });
  const relayStore = await PostgresEventStore.create(relayDb, { migrate: false });
  const consumerStore = await PostgresEventStore.create(consumerDb, { migrate: false });
  const relays = categories.map(
    (category) =>
      new KafkaRelay({ name: `${prefix}${category}`, categories: [category], db: relayDb, store: relayStore, kafka, topicPrefix: prefix }),
  );
  const waits: number[] = [];
  let tag = 'warm-up';
  const consumer = new KafkaEventConsumer({
    kafka,
    db: consumerDb,
    store: consumerStore,
    groupId: `${prefix}overview`,
    topics: categories.map((category) => categoryTopic(prefix, category)),
    deadLetterTopic: `${prefix}dlt.overview`,
    coalesceMs,
    handle: async (event: RecordedEvent, { tx }: { tx: SqlExecutor }) => {
      const leadId = event.metadata.leadId as string;
      if (leadId.startsWith(tag)) waits.push(Date.now() - event.recordedAt.getTime());
      await tx.query(
        'insert into overview (lead_id, events) values ($1, 1) on conflict (lead_id) do update set events = overview.events + 1',
        [leadId],
      );
    },
  });
  // The group's requests by API (the consumer's kafkajs client is its own).
  const requests = new Map<string, number>();
  const inner = (consumer as unknown as { consumer: Consumer }).consumer;
  inner.on(inner.events.REQUEST, ({ payload }) => requests.set(payload.apiName, (requests.get(payload.apiName) ?? 0) + 1));
  try {
    for (const relay of relays) await relay.start();
    await consumer.start();
    await consumer.ready();
    // A few leads first: topics' leaders known, producers and the consumer warm.
    for (let n = 0; n < 20; n++) await lead(writer, categories, `warm-up-${n}`);
    while (consumer.stats.handled < 60) await sleep(100);
    await sleep(1_000);

    tag = `${prefix}l`;
    requests.clear();
    const transactionsBefore = consumer.stats.transactions;
    const leads = Math.round(RATE * SECONDS);
    const serverBefore = serverCpuSeconds();
    const brokerBefore = brokerCpuSeconds();
    const selfBefore = process.cpuUsage();
    const loadBefore = load();
    const started = Date.now();
    const running: Promise<void>[] = [];
    for (let n = 0; n < leads; n++) {
      const due = started + (n * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      running.push(lead(writer, categories, `${tag}${n}`));
    }
    await Promise.all(running);
    while (consumer.stats.handled < 60 + leads * categories.length) await sleep(20);
    const elapsed = (Date.now() - started) / 1000;
    const server = serverCpuSeconds() - serverBefore;
    const broker = brokerCpuSeconds() - brokerBefore;
    const self = process.cpuUsage(selfBefore);
    const perLead = (n: number) => (n / leads).toFixed(2);
    console.log(
      `coalesceMs ${coalesceMs}: ${leads} leads at ${RATE}/s (hops ${HOP_MS} ms) in ${elapsed.toFixed(1)} s, load ${loadBefore} -> ${load()}; per lead: ` +
        `fetches ${perLead(requests.get('Fetch') ?? 0)}, transactions ${perLead(consumer.stats.transactions - transactionsBefore)}, ` +
        `OffsetCommits ${perLead(requests.get('OffsetCommit') ?? 0)}, PostgreSQL CPU ${((server * 1000) / leads).toFixed(2)} ms, broker ${((broker * 1000) / leads).toFixed(2)} ms, ` +
        `this process ${((self.user + self.system) / 1000 / leads).toFixed(2)} ms; append -> handled p50 ${percentile(waits, 50)} / p99 ${percentile(waits, 99)} ms`,
    );
  } finally {
    await consumer.stop().catch(() => undefined);
    for (const relay of relays) await relay.stop().catch(() => undefined);
    await relayDb.close().catch(() => undefined);
    await consumerDb.close().catch(() => undefined);
  }
}

async function lead(store: PostgresEventStore, categories: readonly string[], id: string): Promise<void> {
  for (const [i, category] of categories.entries()) {
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
