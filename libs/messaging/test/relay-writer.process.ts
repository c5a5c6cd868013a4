/**
 * Process A of relay-crash.e2e-spec: appends `total` events (deterministic ids, so a restarted
 * writer's re-appends are no-ops) to lead streams over time while a KafkaRelay publishes them.
 * Args: <source db url> <brokers csv> <topic prefix> <total> <leads> <run key> [slow-checkpoint]
 * `slow-checkpoint` holds each batch 150 ms after Kafka acknowledged it and before the relay
 * checkpoints it, so a SIGKILL almost surely lands in the window that causes re-sends.
 */
import { Kafka, logLevel } from 'kafkajs';
import { createPgDatabase, deriveEventId, PostgresEventStore } from '@leadline/event-store';
import { KafkaRelay } from '@leadline/messaging';

const [dbUrl, brokers, prefix, totalArg, leadsArg, runKey, mode] = process.argv.slice(2);
const total = Number(totalArg);
const leads = Number(leadsArg);
const PER_APPEND = 5;

async function main(): Promise<void> {
  const db = await createPgDatabase(dbUrl, { applicationName: 'relay-writer' });
  const store = await PostgresEventStore.create(db);
  const kafka = new Kafka({ clientId: 'relay-writer', brokers: brokers.split(','), logLevel: logLevel.ERROR });
  if (mode === 'slow-checkpoint') delayAfterSend(kafka, 150);
  const relay = new KafkaRelay({
    name: 'crash-test',
    categories: ['lead'],
    db,
    store,
    kafka,
    topicPrefix: prefix,
    topicSettings: { numPartitions: 3, replicationFactor: 1 },
    batchSize: 50,
    pollIntervalMs: 50,
  });
  await relay.start();
  console.log('RELAY_STARTED');

  for (let first = 0; first < total; first += PER_APPEND) {
    const lead = `lead-${(first / PER_APPEND) % leads}`;
    const events = Array.from({ length: Math.min(PER_APPEND, total - first) }, (_, k) => ({
      id: deriveEventId(runKey, String(first + k)),
      type: 'LeadTouched',
      data: { n: first + k },
      metadata: { leadId: lead, correlationId: runKey },
    }));
    const result = await store.appendToStream(lead, events);
    if (result.written) await new Promise((resolve) => setTimeout(resolve, 3));
  }
  console.log('APPEND_DONE');
  await relay.waitForIdle(60_000);
  console.log('RELAY_IDLE');

  process.once('SIGTERM', () => {
    void relay
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

/** Fault injection from outside the relay: its producer's sendBatch resolves late. */
function delayAfterSend(kafka: Kafka, ms: number): void {
  const createProducer = kafka.producer.bind(kafka);
  kafka.producer = (config) => {
    const producer = createProducer(config);
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = async (batch) => {
      const result = await sendBatch(batch);
      await new Promise((resolve) => setTimeout(resolve, ms));
      return result;
    };
    return producer;
  };
}

main().catch((error: unknown) => {
  console.error('WRITER_FAILED', error);
  process.exit(1);
});
