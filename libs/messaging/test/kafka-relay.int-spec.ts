import type { Consumer, Kafka } from 'kafkajs';
import type { RecordedEvent } from '@leadline/event-store';
import { testKafka, uniqueTopicPrefix, waitFor } from '@leadline/testing';
import { fromKafkaMessage } from '../src/cloud-event.mapper';
import { KafkaRelay } from '../src/kafka-relay';
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
});
