import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import { testKafka, uniqueTopicPrefix, waitFor } from '@leadline/testing';
import { commitOnInterval } from '../src/kafkajs-interval-commits';
import { ensureTopics } from '../src/kafka-topics';

/**
 * kafkajs consumers as KafkaEventConsumer runs them (autoCommit, eachBatch resolving each record itself)
 * with the commit after each batch moved to the interval: how many commits, and that what was resolved
 * is committed before the member leaves or its group rebalances.
 */
describe('kafkajs offset commits on an interval', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = testKafka('interval-commits-spec');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await producer?.disconnect();
    await admin?.disconnect();
  });

  async function topicOf(label: string, partitions = 1): Promise<{ topic: string; groupId: string }> {
    const prefix = uniqueTopicPrefix(label);
    await ensureTopics(admin, [`${prefix}t`], { numPartitions: partitions, replicationFactor: 1 });
    return { topic: `${prefix}t`, groupId: `${prefix}g` };
  }

  /** A member that resolves every record it is handed; `seen` lists `partition/offset` per delivery. */
  async function member(topic: string, groupId: string, intervalMs: number, seen: string[], onInterval = true) {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 300 });
    consumers.push(consumer);
    if (onInterval) expect(commitOnInterval(consumer)).toBe(true);
    let commits = 0;
    consumer.on(consumer.events.COMMIT_OFFSETS, () => (commits += 1));
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: intervalMs,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
        for (const message of batch.messages) {
          seen.push(`${batch.partition}/${message.offset}`);
          resolveOffset(message.offset);
        }
        await heartbeat();
      },
    });
    await waitFor(async () => joined, { timeoutMs: 30_000, message: `${groupId} joined` });
    return { consumer, commits: () => commits };
  }

  async function send(topic: string, n: number, partition?: number): Promise<void> {
    await producer.send({ topic, messages: [{ value: String(n), partition }] });
  }

  async function committed(topic: string, groupId: string): Promise<number> {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  it('commits at most once per interval however many batches, and what it leaves one interval later', async () => {
    const { topic, groupId } = await topicOf('interval');
    const seen: string[] = [];
    const { commits } = await member(topic, groupId, 1_000, seen);
    for (let n = 0; n < 20; n++) {
      await send(topic, n);
      await waitFor(async () => seen.length === n + 1, { timeoutMs: 10_000, message: `record ${n}` });
    }
    // kafkajs alone commits after each of these 20 one-record batches.
    expect(commits()).toBeLessThanOrEqual(6);
    await waitFor(async () => (await committed(topic, groupId)) === 20, { timeoutMs: 5_000, message: 'the trailing commit' });
  });

  it('kafkajs alone (the control): one commit per batch', async () => {
    const { topic, groupId } = await topicOf('control');
    const seen: string[] = [];
    const { commits } = await member(topic, groupId, 1_000, seen, false);
    for (let n = 0; n < 5; n++) {
      await send(topic, n);
      await waitFor(async () => seen.length === n + 1, { timeoutMs: 10_000, message: `record ${n}` });
    }
    await waitFor(async () => commits() >= 5, { timeoutMs: 5_000, message: 'a commit per batch' });
  });

  it('commits what it resolved when it stops, before it leaves its group', async () => {
    const { topic, groupId } = await topicOf('stop');
    const seen: string[] = [];
    const { consumer } = await member(topic, groupId, 600_000, seen);
    for (let n = 0; n < 5; n++) await send(topic, n);
    await waitFor(async () => seen.length === 5, { timeoutMs: 10_000, message: 'five records' });
    await consumer.disconnect();
    expect(await committed(topic, groupId)).toBe(5);
  });

  it('commits what it resolved before its group rebalances: the new member gets nothing again', async () => {
    const { topic, groupId } = await topicOf('rebalance', 2);
    const first: string[] = [];
    await member(topic, groupId, 600_000, first);
    for (let n = 0; n < 6; n++) await send(topic, n, n % 2);
    await waitFor(async () => first.length === 6, { timeoutMs: 10_000, message: 'six records' });
    const second: string[] = [];
    await member(topic, groupId, 600_000, second);
    await waitFor(async () => (await admin.describeGroups([groupId])).groups[0].members.length === 2, {
      timeoutMs: 30_000,
      message: 'two members',
    });
    for (let n = 6; n < 8; n++) await send(topic, n, n % 2);
    await waitFor(async () => first.length + second.length === 8, { timeoutMs: 20_000, message: 'the records after the rebalance' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = [...first, ...second];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(8);
  });
});
