import { Kafka, logLevel, type Consumer, type Producer, type ProducerBatch } from 'kafkajs';
import type { RecordedEvent } from '@leadline/event-store';
import { testInfra, testKafka, uniqueTopicPrefix, waitFor } from '@leadline/testing';
import { fromKafkaMessage, toKafkaMessage } from '../src/cloud-event.mapper';
import { KafkaRelay, recordBytes } from '../src/kafka-relay';
import { openTestStore, type TestStore } from './test-store';

interface Delivery {
  topic: string;
  partition: number;
  key: string;
  headers: Record<string, string>;
  event: RecordedEvent;
}

const LEADS = ['lead-a', 'lead-b', 'lead-c', 'lead-d', 'lead-e'];
const ROUNDS = 12;

describe('KafkaRelay (pg store -> Kafka)', () => {
  let pg: TestStore;
  let kafka: Kafka;
  let prefix: string;
  let relay: KafkaRelay | undefined;
  let probe: Consumer | undefined;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    pg = await openTestStore('messaging-relay');
    kafka = testKafka('relay-spec');
    prefix = uniqueTopicPrefix('relay');
  });

  afterAll(async () => {
    await relay?.stop();
    await probe?.disconnect();
    await pg?.close();
  });

  async function appendRound(round: number): Promise<void> {
    for (const lead of LEADS) {
      const metadata = { leadId: lead, correlationId: `corr-${lead}` };
      await pg.store.appendToStream(lead, [{ type: 'LeadTouched', data: { round }, metadata }]);
      if (round % 3 === 0) {
        await pg.store.appendToStream(`assignment-${lead}`, [{ type: 'LeadAssigned', data: { round }, metadata }]);
      }
    }
    // A category the relay does not own: it must not be published.
    await pg.store.appendToStream('metric-daily', [{ type: 'MetricTicked', data: { round } }]);
  }

  it('publishes every event of its categories, keyed by lead id, with CloudEvents headers, in per-lead order', async () => {
    for (let round = 0; round < ROUNDS / 2; round++) await appendRound(round);

    relay = new KafkaRelay({
      name: 'intake',
      categories: ['lead', 'assignment'],
      db: pg.db,
      store: pg.store,
      kafka,
      topicPrefix: prefix,
      topicSettings: { numPartitions: 3, replicationFactor: 1 },
      batchSize: 7,
      pollIntervalMs: 50,
    });
    await relay.start();
    // The rest arrives while the relay runs.
    for (let round = ROUNDS / 2; round < ROUNDS; round++) await appendRound(round);

    probe = kafka.consumer({ groupId: `${prefix}probe`, maxWaitTimeInMs: 200 });
    await probe.connect();
    await probe.subscribe({ topics: relay.topics, fromBeginning: true });
    await probe.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        deliveries.push({ topic, partition, key: String(message.key), headers, event: fromKafkaMessage(message) });
      },
    });

    // The global log shows a commit once no older writing transaction on the server is open.
    const expected = LEADS.length * ROUNDS + LEADS.length * (ROUNDS / 3);
    let stored: RecordedEvent[] = [];
    await waitFor(async () => (stored = (await pg.store.readAll()).filter((e) => e.category !== 'metric')).length >= expected, {
      timeoutMs: 30_000,
      message: () => `${expected} events in the global log (have ${stored.length})`,
    });
    expect(stored).toHaveLength(expected);
    await waitFor(() => deliveries.length >= stored.length, {
      timeoutMs: 60_000,
      message: () => `${stored.length} deliveries (have ${deliveries.length})`,
    });
    await relay.waitForIdle();

    // Every event exactly as stored, nothing else.
    const byId = new Map(deliveries.map((d) => [d.event.id, d]));
    expect(deliveries).toHaveLength(stored.length);
    for (const event of stored) expect(byId.get(event.id)?.event).toEqual(event);

    for (const { topic, key, headers, event } of deliveries) {
      expect(topic).toBe(`${prefix}${event.category}`);
      expect(key).toBe(event.metadata.leadId);
      // LeadAssigned is a published event type (namespaced type, dataschema); LeadTouched is not.
      const published = event.type === 'LeadAssigned';
      expect(headers.ce_dataschema).toBe(published ? 'https://schemas.leadline.dev/events/LeadAssigned/v1.schema.json' : undefined);
      expect(headers).toMatchObject({
        'content-type': 'application/json',
        ce_specversion: '1.0',
        ce_id: event.id,
        ce_type: published ? 'io.leadline.lead.assigned.v1' : 'LeadTouched',
        ce_source: event.category === 'assignment' ? 'leadline/routing' : 'leadline/lead-intake',
        ce_subject: event.metadata.leadId,
        ce_streamid: event.streamId,
        ce_time: event.recordedAt.toISOString(),
        ce_leadid: event.metadata.leadId,
        ce_correlationid: `corr-${event.metadata.leadId}`,
      });
    }

    // Per lead and topic: one partition, and the log's order.
    for (const topic of relay.topics) {
      for (const lead of LEADS) {
        const mine = deliveries.filter((d) => d.topic === topic && d.key === lead);
        expect(mine.length).toBeGreaterThan(0);
        expect(new Set(mine.map((d) => d.partition)).size).toBe(1);
        const positions = mine.map((d) => d.event.globalPosition);
        expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(mine.map((d) => d.event.streamVersion)).toEqual(mine.map((_, i) => i + 1));
      }
    }
  });

  describe('sends bounded by bytes', () => {
    // The topic refuses a record batch over 20,000 bytes; the relay's sends stay under 12,000.
    const TOPIC_MAX_BYTES = 20_000;
    const SEND_LIMIT = 12_000;
    const PADDING = 'x'.repeat(1_500);
    let bytesPrefix: string;
    let topic: string;
    let bytesRelay: KafkaRelay | undefined;
    let bytesProbe: Consumer | undefined;
    const logged: string[] = [];
    const sends: number[][] = [];
    const received: RecordedEvent[] = [];

    beforeAll(async () => {
      bytesPrefix = uniqueTopicPrefix('relay-bytes');
      topic = `${bytesPrefix}bulk`;
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic,
              numPartitions: 1,
              replicationFactor: 1,
              configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_BYTES) }],
            },
          ],
        });
      } finally {
        await admin.disconnect();
      }
    });

    afterAll(async () => {
      await bytesRelay?.stop();
      await bytesProbe?.disconnect();
    });

    /** The real client and broker; its producer's sends are recorded (bytes of each record) on their way through. */
    function recordingKafka(): Kafka {
      const real = new Kafka({
        clientId: 'relay-bytes-spec',
        brokers: testInfra().kafkaBrokers,
        logLevel: logLevel.ERROR,
        retry: { retries: 8, initialRetryTime: 100 },
        logCreator: () => (entry) => void logged.push(entry.log.message),
      });
      const producer = real.producer.bind(real);
      return Object.assign(Object.create(real) as Kafka, {
        producer: (...args: Parameters<Kafka['producer']>): Producer => {
          const made = producer(...args);
          const sendBatch = made.sendBatch.bind(made);
          made.sendBatch = (batch: ProducerBatch) => {
            sends.push((batch.topicMessages ?? []).flatMap((t) => t.messages.map((m) => recordBytes(t.topic, m))));
            return sendBatch(batch);
          };
          return made;
        },
      });
    }

    const bulkEvent = (i: number) => ({ type: 'RowImported', data: { i, padding: PADDING }, metadata: { leadId: `bulk-${i % 4}` } });

    it('splits a log batch over the limit into sends under it, delivered once each in the log order', async () => {
      for (let i = 0; i < 40; i++) await pg.store.appendToStream(`bulk-${i % 4}`, [bulkEvent(i)]);
      const stored = (await pg.store.readAll()).filter((e) => e.category === 'bulk');
      expect(stored).toHaveLength(40);
      // The 40 records in one send: the broker refuses it.
      const whole = new Kafka({ clientId: 'relay-bytes-whole', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer({
        retry: { retries: 0 },
      });
      await whole.connect();
      try {
        await expect(whole.send({ topic, acks: -1, messages: stored.map((e) => toKafkaMessage(e)) })).rejects.toThrow(
          /larger than the max/i,
        );
      } finally {
        await whole.disconnect();
      }

      bytesRelay = new KafkaRelay({
        name: 'bulk',
        categories: ['bulk', 'huge'],
        db: pg.db,
        store: pg.store,
        kafka: recordingKafka(),
        topicPrefix: bytesPrefix,
        topicSettings: { numPartitions: 1, replicationFactor: 1 },
        pollIntervalMs: 50,
        maxSendBytes: SEND_LIMIT,
      });
      await bytesRelay.start();
      await bytesRelay.waitForIdle();
      bytesProbe = kafka.consumer({ groupId: `${bytesPrefix}probe`, maxWaitTimeInMs: 200 });
      await bytesProbe.connect();
      await bytesProbe.subscribe({ topics: [topic], fromBeginning: true });
      await bytesProbe.run({ eachMessage: async ({ message }) => void received.push(fromKafkaMessage(message)) });
      await waitFor(() => received.length >= 40, { timeoutMs: 30_000, message: () => `40 records (have ${received.length})` });

      expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      // One log read (default batch), several sends, each under the limit, together the whole batch.
      expect(sends.length).toBeGreaterThanOrEqual(4);
      for (const send of sends) expect(send.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(SEND_LIMIT);
      expect(sends.flat()).toHaveLength(40);
    });

    it('an event alone over the limit: reported by id, size and limit, nothing of its batch sent', async () => {
      const sentBefore = sends.length;
      const {
        events: [huge],
      } = await pg.store.appendToStream('huge-1', [{ type: 'Oversized', data: { padding: 'y'.repeat(SEND_LIMIT) } }]);
      await pg.store.appendToStream('huge-2', [{ type: 'Small', data: {} }]);
      const pattern = new RegExp(`event ${huge?.id} \\(Oversized on stream huge-1.*\\) is \\d+ bytes .* over the ${SEND_LIMIT}-byte limit`);
      await waitFor(() => pattern.test(bytesRelay?.status().lastError ?? ''), {
        timeoutMs: 15_000,
        message: () => `the relay's status names the event (has ${bytesRelay?.status().lastError})`,
      });
      // Retries (backing off) keep it at the event: logged once, nothing sent, the small event behind it held.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(logged.filter((line) => pattern.test(line))).toHaveLength(1);
      expect(sends.length).toBe(sentBefore);
      expect(received).toHaveLength(40);
    });
  });
});
