import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { createPgDatabase, PostgresEventStore, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import { createTestDatabase, testKafka, uniqueTopicPrefix, waitFor, type TestDatabase } from '@leadline/testing';
import { toKafkaMessage } from './cloud-event.mapper';
import { DLT_HEADERS } from './dead-letter';
import { KafkaEventConsumer } from './kafka-event-consumer';
import { createIdempotentProducer } from './kafka-producer';
import { ensureTopics } from './kafka-topics';

let position = 0n;
function leadEvent(id: string, data: Record<string, unknown>): RecordedEvent {
  position += 1n;
  return {
    id,
    type: 'LeadTouched',
    data,
    streamId: 'lead-7',
    streamVersion: Number(position),
    category: 'lead',
    metadata: { leadId: 'lead-7', schemaVersion: 1 },
    globalPosition: position,
    transactionId: 1000n + position,
    recordedAt: new Date('2024-06-01T09:00:00Z'),
  };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('KafkaEventConsumer', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: KafkaEventConsumer | undefined;
  let dltProbe: Consumer | undefined;
  let topic: string;
  let dlt: string;
  let groupId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('messaging-consumer');
    db = await createPgDatabase(testDb.url);
    store = await PostgresEventStore.create(db);
    await db.query('create table effects (event_id text not null, n int not null)');
    kafka = testKafka('consumer-spec');
    const prefix = uniqueTopicPrefix('consumer');
    topic = `${prefix}lead`;
    dlt = `${prefix}dlt.sink`;
    groupId = `${prefix}sink`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, dlt], { numPartitions: 2, replicationFactor: 1 });
    await admin.disconnect();
    producer = createIdempotentProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.stop();
    await dltProbe?.disconnect();
    await producer?.disconnect();
    await db?.close();
    await testDb?.drop();
  });

  function startConsumer(): KafkaEventConsumer {
    consumer = new KafkaEventConsumer({
      kafka,
      db,
      store,
      groupId,
      topics: [topic],
      deadLetterTopic: dlt,
      maxAttempts: 3,
      retryBackoffMs: 20,
      consumerConfig: { maxWaitTimeInMs: 200 },
      handle: async (event, { tx }) => {
        const data = event.data as { n: number; poison?: boolean };
        await tx.query('insert into effects (event_id, n) values ($1, $2)', [event.id, data.n]);
        // Thrown after a write: the write must roll back with the attempt.
        if (data.poison) throw new Error(`cannot score lead ${event.metadata.leadId ?? '?'}`);
      },
    });
    return consumer;
  }

  async function effects(): Promise<Array<{ event_id: string; n: number }>> {
    return (await db.query<{ event_id: string; n: number }>('select event_id, n from effects order by n')).rows;
  }

  it('handles an event delivered twice only once', async () => {
    const first = toKafkaMessage(leadEvent(id(1), { n: 1 }));
    const second = toKafkaMessage(leadEvent(id(2), { n: 2 }));
    await producer.send({ topic, acks: -1, messages: [first, first, second, first] });

    const c = startConsumer();
    await c.start();
    await waitFor(() => c.stats.received === 4, { timeoutMs: 30_000, message: () => `4 deliveries, ${JSON.stringify(c.stats)}` });
    expect(await effects()).toEqual([
      { event_id: id(1), n: 1 },
      { event_id: id(2), n: 2 },
    ]);
    expect(c.stats).toMatchObject({ handled: 2, duplicates: 2, deadLettered: 0 });
  });

  it('sends a poison message to the dead-letter topic with the reason and keeps consuming', async () => {
    const c = consumer as KafkaEventConsumer;
    const notACloudEvent = { key: 'lead-7', value: '{"hello":"kafka"}', headers: { source: 'someone-else' } };
    const failing = toKafkaMessage(leadEvent(id(3), { n: 3, poison: true }));
    const after = toKafkaMessage(leadEvent(id(4), { n: 4 }));
    await producer.send({ topic, acks: -1, messages: [notACloudEvent, failing, after] });

    await waitFor(async () => (await effects()).some((e) => e.n === 4), { timeoutMs: 30_000, message: 'the event after the poison' });
    expect((await effects()).map((e) => e.n)).toEqual([1, 2, 4]);
    expect(c.stats.deadLettered).toBe(2);

    const dead: KafkaMessage[] = [];
    dltProbe = kafka.consumer({ groupId: `${groupId}-dlt-probe`, maxWaitTimeInMs: 200 });
    await dltProbe.connect();
    await dltProbe.subscribe({ topic: dlt, fromBeginning: true });
    await dltProbe.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await waitFor(() => dead.length === 2, { timeoutMs: 30_000, message: '2 dead letters' });

    const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
    const [unmappable, poisoned] = dead;
    expect(header(unmappable, DLT_HEADERS.error)).toContain('Missing CloudEvents headers');
    expect(header(unmappable, DLT_HEADERS.attempts)).toBe('0');
    expect(header(unmappable, 'source')).toBe('someone-else');
    expect(unmappable.value?.toString()).toBe('{"hello":"kafka"}');
    expect(header(poisoned, DLT_HEADERS.error)).toBe('cannot score lead lead-7');
    expect(header(poisoned, DLT_HEADERS.attempts)).toBe('3');
    expect(header(poisoned, 'ce_id')).toBe(id(3));
    for (const message of dead) {
      expect(header(message, DLT_HEADERS.originalTopic)).toBe(topic);
      expect(header(message, DLT_HEADERS.consumerGroup)).toBe(groupId);
      expect(header(message, DLT_HEADERS.originalPartition)).toMatch(/^[01]$/);
      expect(header(message, DLT_HEADERS.originalOffset)).toMatch(/^\d+$/);
    }
  });

  it('after a graceful stop and restart, nothing already done is delivered again', async () => {
    await (consumer as KafkaEventConsumer).stop();
    await producer.send({ topic, acks: -1, messages: [toKafkaMessage(leadEvent(id(5), { n: 5 }))] });

    const restarted = startConsumer();
    await restarted.start();
    await waitFor(async () => (await effects()).some((e) => e.n === 5), { timeoutMs: 30_000, message: 'the event sent while stopped' });
    expect(restarted.stats).toMatchObject({ received: 1, handled: 1, duplicates: 0, deadLettered: 0 });
    expect((await effects()).map((e) => e.n)).toEqual([1, 2, 4, 5]);
  });

  it('handles a burst several messages per transaction; a failing one rolls back only its chunk, which is redone one by one', async () => {
    const c = consumer as KafkaEventConsumer; // the restarted one
    const before = { ...c.stats };
    const burst = Array.from({ length: 120 }, (_, i) => toKafkaMessage(leadEvent(id(100 + i), { n: 100 + i, poison: i === 57 })));
    await producer.send({ topic, acks: -1, messages: burst });

    await waitFor(() => c.stats.received - before.received === 120, {
      timeoutMs: 30_000,
      message: () => `120 deliveries, ${JSON.stringify(c.stats)}`,
    });
    const burstEffects = (await effects()).filter((e) => e.n >= 100).map((e) => e.n);
    expect(burstEffects).toEqual(Array.from({ length: 120 }, (_, i) => 100 + i).filter((n) => n !== 157));
    expect(c.stats.handled - before.handled).toBe(119);
    expect(c.stats.deadLettered - before.deadLettered).toBe(1);
    // One partition, chunks of 50: far fewer commits than messages, even with the chunk redone one by one.
    expect(c.stats.transactions - before.transactions).toBeLessThan(119);
  });
});
