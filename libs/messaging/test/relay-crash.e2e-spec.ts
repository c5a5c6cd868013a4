import { join } from 'node:path';
import { Client } from 'pg';
import { deriveEventId } from '@leadline/event-store';
import type { KafkaEventConsumerStats } from '../src/kafka-event-consumer';
import {
  createTestDatabase,
  killIfRunning,
  runTs,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  waitForExit,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';
import { lastTagged } from './last-tagged';

const WRITER = join(__dirname, 'relay-writer.process.ts');
const CONSUMER = join(__dirname, 'inbox-consumer.process.ts');
const TOTAL = 2_000;
const LEADS = 16;

/**
 * Store -> relay process -> Kafka -> consumer process, with the relay SIGKILLed mid-stream twice.
 * The relay may re-send what it produced but had not checkpointed; the consumer's inbox must turn
 * that into exactly one effect per event, in per-lead order.
 */
describe('relay killed mid-stream (separate processes through Kafka)', () => {
  let source: TestDatabase;
  let sink: TestDatabase;
  let sinkClient: Client;
  let writer: TsProcess | undefined;
  let consumer: TsProcess | undefined;
  const runKey = `relay-crash-${Date.now()}`;

  beforeAll(async () => {
    source = await createTestDatabase('relay-crash-source');
    sink = await createTestDatabase('relay-crash-sink');
    sinkClient = new Client({ connectionString: sink.url });
    await sinkClient.connect();
  });

  afterAll(async () => {
    await killIfRunning(writer);
    await killIfRunning(consumer);
    await sinkClient?.end();
    await source?.drop();
    await sink?.drop();
  });

  async function receivedCount(): Promise<number> {
    const { rows } = await sinkClient
      .query<{ n: string }>('select count(*)::text as n from received_events')
      .catch(() => ({ rows: [{ n: '0' }] }));
    return Number(rows[0]?.n ?? 0);
  }

  it('delivers every event exactly once in effect, in per-lead order', async () => {
    const brokers = testInfra().kafkaBrokers.join(',');
    const prefix = uniqueTopicPrefix('relay-crash');
    const startWriter = (mode = 'normal') => runTs(WRITER, [source.url, brokers, prefix, String(TOTAL), String(LEADS), runKey, mode]);

    consumer = runTs(CONSUMER, [sink.url, brokers, prefix, source.url]);
    await waitFor(() => consumer?.output().includes('READY'), {
      timeoutMs: 60_000,
      message: () => `consumer READY\n${consumer?.output()}`,
    });

    let kills = 0;
    for (const killAt of [TOTAL * 0.2, TOTAL * 0.55]) {
      writer = startWriter('slow-checkpoint');
      await waitFor(async () => (await receivedCount()) >= killAt, {
        timeoutMs: 60_000,
        message: () => `${killAt} received before kill ${kills + 1}\n${writer?.output()}`,
      });
      writer.kill('SIGKILL');
      await waitForExit(writer);
      kills += 1;
    }

    writer = startWriter();
    await waitFor(() => writer?.output().includes('RELAY_IDLE'), {
      timeoutMs: 90_000,
      message: () => `writer RELAY_IDLE\n${writer?.output()}`,
    });
    let received = 0;
    await waitFor(async () => (received = await receivedCount()) === TOTAL, {
      timeoutMs: 60_000,
      message: () => `all ${TOTAL} received (have ${received})\n${consumer?.output().slice(-2000)}`,
    });

    writer.kill('SIGTERM');
    consumer.kill('SIGTERM');
    expect(await waitForExit(writer)).toBe(0);
    expect(await waitForExit(consumer)).toBe(0);
    const stats = lastTagged<KafkaEventConsumerStats>(consumer.output(), 'STATS');
    expect(stats).toBeDefined();
    console.log(
      `relay-crash: ${kills} kills, ${stats?.received} raw deliveries, ${stats?.handled} handled, ` +
        `${stats?.duplicates} duplicates dropped by the inbox, ${TOTAL} unique events`,
    );
    expect(stats).toMatchObject({ handled: TOTAL, deadLettered: 0 });
    expect(stats?.received).toBe(TOTAL + (stats?.duplicates ?? 0));
    // Each kill landed while a sent batch waited for its checkpoint: Kafka carried re-sends.
    expect(stats?.duplicates).toBeGreaterThan(0);

    const { rows } = await sinkClient.query<{ event_id: string; lead_id: string; stream_version: number }>(
      'select event_id, lead_id, stream_version from received_events order by seq',
    );
    const expectedIds = new Set(Array.from({ length: TOTAL }, (_, n) => deriveEventId(runKey, String(n))));
    expect(rows).toHaveLength(TOTAL);
    expect(rows.filter((r) => !expectedIds.has(r.event_id))).toEqual([]);
    for (let lead = 0; lead < LEADS; lead++) {
      const versions = rows.filter((r) => r.lead_id === `lead-${lead}`).map((r) => r.stream_version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });
});
