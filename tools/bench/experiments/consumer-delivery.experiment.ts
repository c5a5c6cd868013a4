/**
 * Local experiment: what a Kafka consumer's delivery of one LeadCaptured costs when its records are checked against the
 * store, and its data key read, in the delivery's transaction (`in-transaction`: how the platform wires a consumer
 * whose store is on its own database) or before it (`before`: a source on another database, and every delivery's
 * path before). A fresh database with the event store and the personal-data codec as the platform has them; `--events`
 * LeadCaptured appended first (not measured); then, per round, their records as the relay sends them produced one at
 * a time to a topic of one partition, each once the one before was handled (so every delivery carries one record),
 * `--gap-ms` apart, to a KafkaEventConsumer of a fresh group whose handler inserts one row. The rounds alternate the
 * two ways, a warm-up round of each first (not reported). Per delivery: statements in the database
 * (pg_stat_statements, BEGIN and COMMIT included), the consumer's transactions (counted on its pool: its transactions
 * and its statements outside one, each a transaction of its own; pg_stat_database's count trails by up to the
 * server's 10 s idle flush), the PostgreSQL server's CPU (/proc), this process's CPU (the consumer, the producer and
 * the loop), and send → handled wall time.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5441/postgres node -r ./tools/register.cjs \
 *     tools/bench/experiments/consumer-delivery.experiment.ts --broker 127.0.0.1:49101 [--events 200] [--rounds 3] [--gap-ms 20] \
 *     [--first before|in-transaction]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  createPgDatabase,
  newEventId,
  PersonalDataCodec,
  PersonalDataVault,
  PostgresEventStore,
  type RecordedEvent,
  type SqlDatabase,
} from '@leadline/event-store';
import { createIdempotentProducer, ensureTopics, KafkaEventConsumer, toKafkaMessage } from '@leadline/messaging';
import { cleanup, createBenchDatabase, deleteTopicsAtCleanup, runBench, sleep } from '../support/bench-infra';
import { pgServerWindow } from '../support/pg-server-stats';
import { dist, f1, f2, loadAverage, parseFlags } from '../support/proc-stats';

const log = (message: string) => console.log(`[consumer-delivery ${new Date().toISOString().slice(11, 19)}] ${message}`);
const flags = parseFlags(process.argv.slice(2));
const EVENTS = Number(flags.get('events') ?? '200');
const ROUNDS = Number(flags.get('rounds') ?? '3');
const GAP_MS = Number(flags.get('gap-ms') ?? '20');
const BROKER = flags.get('broker') ?? '127.0.0.1:9092';
type Check = 'before' | 'in-transaction';
/** Which way runs first in each pair (the later one runs a little warmer). */
const FIRST: Check = flags.get('first') === 'in-transaction' ? 'in-transaction' : 'before';
const ORDER: readonly Check[] = FIRST === 'before' ? ['before', 'in-transaction'] : ['in-transaction', 'before'];

/** The database with its transactions and its statements outside one counted. */
function counting(db: SqlDatabase, counts: { transactions: number; autocommitted: number }): SqlDatabase {
  const counted = Object.create(db) as SqlDatabase;
  counted.query = ((text: string, params?: readonly unknown[]) => {
    counts.autocommitted += 1;
    return db.query(text, params);
  }) as SqlDatabase['query'];
  counted.transaction = (fn) => {
    counts.transactions += 1;
    return db.transaction(fn);
  };
  return counted;
}

runBench(async () => {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { url } = await createBenchDatabase(adminUrl, 'consumer_delivery');
  const db = await createPgDatabase(url, { applicationName: 'consumer-delivery' });
  const vault = await PersonalDataVault.open(db, randomBytes(32));
  const codec = new PersonalDataCodec(vault, {
    LeadCaptured: [
      { path: 'name', blank: null },
      { path: 'email', blank: null },
    ],
  });
  const store = await PostgresEventStore.create(db, { codec });
  await db.query('create table effects (event_id text not null, name text)');
  const session = new Client({ connectionString: url });
  await session.connect();
  const server = await pgServerWindow(session);
  const kafka = new Kafka({ clientId: 'consumer-delivery', brokers: BROKER.split(','), logLevel: logLevel.NOTHING });
  const prefix = `consumer-delivery-${randomBytes(3).toString('hex')}.`;
  deleteTopicsAtCleanup(BROKER, prefix, log);
  const producer = createIdempotentProducer(kafka);
  await producer.connect();

  log(`appending ${EVENTS} LeadCaptured (sealed) ...`);
  const records: RecordedEvent[] = [];
  for (let n = 0; n < EVENTS; n++) {
    const leadId = newEventId();
    const { events } = await store.appendToStream(`lead-${leadId}`, [
      { type: 'LeadCaptured', data: { leadId, name: `Lead ${n}`, email: `lead${n}@example.org`, company: 'Acme' }, metadata: { leadId } },
    ]);
    records.push(...(await store.raw.readEvents([events[0].id])));
  }

  let round = 0;
  async function run(check: Check): Promise<string> {
    const name = `${prefix}r${++round}-${check}`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [name, `${name}.dlt`], { numPartitions: 1, replicationFactor: 1 });
    await admin.disconnect();
    const counts = { transactions: 0, autocommitted: 0 };
    // The consumer's store on the counted pool, as the platform's is on the consumers' own.
    const counted = counting(db, counts);
    const own = await PostgresEventStore.create(counted, { codec, migrate: false });
    const consumer = new KafkaEventConsumer({
      kafka,
      db: counted,
      store: own,
      source: own.raw,
      decode: (events) => own.decode(events),
      sourceInTransaction:
        check === 'in-transaction'
          ? (tx) => ({ readEvents: (ids) => own.raw.inTransaction(tx).readEvents(ids), decoder: (claimed) => own.decoder(claimed, tx) })
          : undefined,
      groupId: name,
      topics: [name],
      deadLetterTopic: `${name}.dlt`,
      handle: async (event, { tx }) => {
        await tx.query('insert into effects (event_id, name) values ($1, $2)', [event.id, (event.data as { name: string }).name]);
      },
    });
    await consumer.start();
    const load = loadAverage();
    Object.assign(counts, { transactions: 0, autocommitted: 0 });
    const stop = await server.start();
    const cpuBefore = process.cpuUsage();
    const waits: number[] = [];
    for (const record of records) {
      const sent = performance.now();
      const handled = consumer.stats.handled;
      await producer.send({ topic: name, acks: -1, messages: [toKafkaMessage(record)] });
      while (consumer.stats.handled === handled) await sleep(1);
      waits.push(performance.now() - sent);
      await sleep(GAP_MS);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const used = await stop();
    await consumer.stop();
    const per = (n: number | undefined) => (n === undefined ? NaN : n / records.length);
    const wall = dist(waits);
    return (
      `${check.padEnd(14)} load ${f1(load)}: per delivery ${f2(per(used.statements))} statements, ` +
      `${f2(per(counts.transactions + counts.autocommitted))} transactions (${f2(per(counts.autocommitted))} autocommitted), ` +
      `PostgreSQL CPU ${f2(per((used.cpuSeconds ?? NaN) * 1000))} ms, this process ${f2(per((cpu.user + cpu.system) / 1000))} ms; ` +
      `send → handled p50 ${f1(wall.p50)} / p99 ${f1(wall.p99)} ms (handled ${consumer.stats.handled}, transactions ${consumer.stats.transactions})`
    );
  }

  log('warm-up rounds (not reported) ...');
  for (const check of ORDER) await run(check);
  for (let i = 0; i < ROUNDS; i++) {
    for (const check of ORDER) log(await run(check));
  }
  await producer.disconnect();
  await session.end();
  await db.close();
  await cleanup(log);
}, log);
