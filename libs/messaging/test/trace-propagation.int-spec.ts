import { trace, type SpanContext } from '@opentelemetry/api';
import type { Consumer, Kafka } from 'kafkajs';
import { createPgDatabase, deriveEventId, PostgresEventStore, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import {
  createTestDatabase,
  recordSpans,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  type SpanRecorder,
  type TestDatabase,
} from '@leadline/testing';
import { createEventTransport } from '../src/create-event-transport';
import type { EventSubscription } from '../src/event-transport.port';
import { KafkaRelay } from '../src/kafka-relay';

/**
 * The trace context travels with the event: stored in its metadata at append, on the Kafka record as
 * the CloudEvents distributed-tracing extension (ce_traceparent), and restored around the handler by
 * both transports, so the handler's spans and what it appends continue the producer's trace.
 */
let recorder: SpanRecorder;
const databases: TestDatabase[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  recorder = await recordSpans();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const db of databases) await db.drop();
  await recorder.stop();
});

async function openStore(label: string): Promise<{ db: SqlDatabase; store: PostgresEventStore }> {
  const testDb = await createTestDatabase(label);
  databases.push(testDb);
  const db = await createPgDatabase(testDb.url);
  cleanups.push(() => db.close());
  return { db, store: await PostgresEventStore.create(db) };
}

const traceparentOf = (span: SpanContext) => `00-${span.traceId}-${span.spanId}-01`;

describe.each(['store-log', 'kafka'] as const)('trace context over the %s transport', (kind) => {
  it('makes the handler span a child of the append span, and the reaction part of the same trace', async () => {
    const source = await openStore(`trace-${kind}-source`);
    const subscriber = kind === 'kafka' ? await openStore(`trace-${kind}-subscriber`) : source;
    const prefix = uniqueTopicPrefix(`trace-${kind}`);
    let kafka: Kafka | undefined;
    const headers: Record<string, string>[] = [];
    if (kind === 'kafka') {
      kafka = testKafka(`trace-${kind}`);
      const relay = new KafkaRelay({
        name: 'lead-intake',
        categories: ['lead'],
        db: source.db,
        store: source.store,
        kafka,
        topicPrefix: prefix,
        pollIntervalMs: 50,
        topicSettings: { numPartitions: 1, replicationFactor: 1 },
      });
      await relay.start();
      cleanups.push(() => relay.stop());
      const probe: Consumer = kafka.consumer({ groupId: `${prefix}probe`, maxWaitTimeInMs: 200 });
      await probe.connect();
      cleanups.push(() => probe.disconnect());
      await probe.subscribe({ topics: relay.topics, fromBeginning: true });
      await probe.run({
        eachMessage: async ({ message }) => {
          headers.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])));
        },
      });
    }

    const seen: { event: RecordedEvent; active?: SpanContext }[] = [];
    const subscription: EventSubscription = {
      name: 'trace-scoring',
      categories: ['lead'],
      eventTypes: ['LeadCaptured'],
      async handle(event, { store }) {
        seen.push({ event, active: trace.getActiveSpan()?.spanContext() });
        await store.appendToStream(`score-${event.streamId}`, [
          {
            id: deriveEventId(event.id, 'scored'),
            type: 'LeadScored',
            data: {},
            metadata: { leadId: event.metadata.leadId, causationId: event.id },
          },
        ]);
      },
    };
    const transport = createEventTransport({
      kind,
      db: subscriber.db,
      store: subscriber.store,
      kafka,
      topicPrefix: prefix,
      kafkaOptions: {
        source: source.store,
        consumerConfig: { maxWaitTimeInMs: 200 },
        topicSettings: { numPartitions: 1, replicationFactor: 1 },
      },
    });
    transport.subscribe(subscription);
    await transport.start();
    cleanups.push(() => transport.stop());

    // The producing request: its span is active while the lead is captured.
    const request = await trace.getTracer('spec').startActiveSpan('POST /leads', async (span) => {
      await source.store.appendToStream('lead-t1', [{ type: 'LeadCaptured', data: {}, metadata: { leadId: 't1' } }]);
      span.end();
      return span.spanContext();
    });
    await waitFor(async () => seen.length === 1 && (await subscriber.store.readStream('score-lead-t1')).length === 1, {
      timeoutMs: 60_000,
      message: `the ${kind} subscription handled LeadCaptured`,
    });

    const spans = recorder.spans().filter((span) => span.spanContext().traceId === request.traceId);
    const append = spans.find((span) => span.name === 'append lead');
    expect(append?.parentSpanContext?.spanId).toBe(request.spanId);
    const [stored] = await source.store.readStream('lead-t1');
    expect(stored.metadata.traceparent).toBe(traceparentOf(append!.spanContext()));

    const delivery = spans.find((span) => span.name === (kind === 'kafka' ? `process ${prefix}lead` : 'process trace-scoring'));
    expect(delivery?.parentSpanContext?.spanId).toBe(append?.spanContext().spanId);
    expect(seen[0].active?.spanId).toBe(delivery?.spanContext().spanId);
    if (kind === 'kafka') {
      expect(delivery?.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': `${prefix}trace-scoring`,
      });
      await waitFor(() => headers.length === 1, { timeoutMs: 30_000, message: 'the probe read the relayed record' });
      expect(headers[0].ce_traceparent).toBe(stored.metadata.traceparent);
    }

    const reactionAppend = spans.find((span) => span.name === 'append score');
    expect(reactionAppend?.parentSpanContext?.spanId).toBe(delivery?.spanContext().spanId);
    const [reaction] = await subscriber.store.readStream('score-lead-t1');
    expect(reaction.metadata.traceparent).toBe(traceparentOf(reactionAppend!.spanContext()));
  });
});
