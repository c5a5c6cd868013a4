/**
 * Process B of relay-crash.e2e-spec: a KafkaEventConsumer on its own database that records each
 * event id once (primary key: a double effect would fail loudly) and reports its delivery stats.
 * Args: <sink db url> <brokers csv> <topic prefix> <source db url (where the relay's events are stored)>
 */
import { Kafka, logLevel } from 'kafkajs';
import { createPgDatabase, PostgresEventStore } from '@leadline/event-store';
import { deadLetterTopic, KafkaEventConsumer } from '@leadline/messaging';

const [dbUrl, brokers, prefix, sourceUrl] = process.argv.slice(2);

async function main(): Promise<void> {
  const db = await createPgDatabase(dbUrl, { applicationName: 'inbox-consumer' });
  const store = await PostgresEventStore.create(db);
  const sourceDb = await createPgDatabase(sourceUrl, { applicationName: 'inbox-consumer-source' });
  const source = await PostgresEventStore.create(sourceDb);
  await db.query(`
    create table if not exists received_events (
      seq bigserial,
      event_id text primary key,
      lead_id text not null,
      stream_version int not null
    )`);
  const kafka = new Kafka({ clientId: 'inbox-consumer', brokers: brokers.split(','), logLevel: logLevel.ERROR });
  const consumer = new KafkaEventConsumer({
    kafka,
    db,
    store,
    source,
    groupId: `${prefix}crash-sink`,
    topics: [`${prefix}lead`],
    deadLetterTopic: deadLetterTopic(prefix, 'crash-sink'),
    topicSettings: { numPartitions: 3, replicationFactor: 1 },
    consumerConfig: { maxWaitTimeInMs: 200 },
    handle: async (event, { tx }) => {
      await tx.query('insert into received_events (event_id, lead_id, stream_version) values ($1, $2, $3)', [
        event.id,
        event.metadata.leadId,
        event.streamVersion,
      ]);
    },
  });
  await consumer.start();
  await consumer.ready();
  console.log('READY');
  const report = setInterval(() => console.log(`STATS ${JSON.stringify(consumer.stats)}`), 250);

  process.once('SIGTERM', () => {
    clearInterval(report);
    void consumer
      .stop()
      .then(() => console.log(`STATS ${JSON.stringify(consumer.stats)}`))
      .then(() => Promise.all([db.close(), sourceDb.close()]))
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error('CONSUMER_FAILED', error);
  process.exit(1);
});
