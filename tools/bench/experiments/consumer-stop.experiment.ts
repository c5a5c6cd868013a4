/**
 * Local experiment: how long stopping idle Kafka consumers takes. N KafkaEventConsumers (groups of their own, one
 * topic of 6 partitions, nothing to consume) join, sit idle WAIT_MS so that each has a fetch waiting on the broker
 * (FETCH_MAX_WAIT_MS, 3 s), then are stopped one after the other, then N more together, as KafkaTransport.stop does.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres KAFKA_BROKERS=HOST:PORT \
 *     node -r ./tools/register.cjs tools/bench/experiments/consumer-stop.experiment.ts [N] [WAIT_MS]
 *
 * Prints each stop's milliseconds. See docs/benchmarks.md, "A consumer's stop and its idle fetch".
 */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { createPgDatabase, PostgresEventStore } from '@leadline/event-store';
import { ensureTopics, KafkaEventConsumer } from '@leadline/messaging';
import { cleanup, createBenchDatabase, runBench, sleep } from '../support/bench-infra';

const log = (message: string) => console.log(`[consumer-stop ${new Date().toISOString().slice(11, 19)}] ${message}`);

runBench(async () => {
  const n = Number(process.argv[2] ?? 4);
  const waitMs = Number(process.argv[3] ?? 1500);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { url } = await createBenchDatabase(adminUrl, 'consumer_stop');
  const db = await createPgDatabase(url, { applicationName: 'consumer-stop' });
  const store = await PostgresEventStore.create(db);
  const kafka = new Kafka({
    clientId: 'consumer-stop',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const prefix = `consumer-stop-${Date.now()}.`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [`${prefix}lead`, `${prefix}dlt`], { numPartitions: 6, replicationFactor: 1 });
  const consumers = (round: string) =>
    Array.from(
      { length: n },
      (_, i) =>
        new KafkaEventConsumer({
          kafka,
          db,
          store,
          groupId: `${prefix}${round}-${i}`,
          topics: [`${prefix}lead`],
          deadLetterTopic: `${prefix}dlt`,
          handle: async () => undefined,
        }),
    );
  try {
    for (const together of [false, true]) {
      const members = consumers(together ? 'together' : 'one-by-one');
      await Promise.all(members.map((member) => member.start()));
      await Promise.all(members.map((member) => member.ready()));
      await sleep(waitMs);
      const started = performance.now();
      const each: number[] = [];
      if (together) await Promise.all(members.map((member) => member.stop()));
      else
        for (const member of members) {
          const at = performance.now();
          await member.stop();
          each.push(Math.round(performance.now() - at));
        }
      log(
        `${n} consumers stopped ${together ? 'together' : `one after the other (${each.join(', ')} ms)`}: ${Math.round(performance.now() - started)} ms`,
      );
    }
  } finally {
    await admin.deleteTopics({ topics: [`${prefix}lead`, `${prefix}dlt`] }).catch(() => undefined);
    await admin.disconnect();
    await db.close();
    await cleanup(log);
  }
}, log);
