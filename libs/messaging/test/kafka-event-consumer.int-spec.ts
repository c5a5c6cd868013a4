import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Consumer, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import {
  createPgDatabase,
  newEventId,
  PersonalDataCodec,
  PersonalDataVault,
  PostgresEventStore,
  type PersonalDataFields,
  type RecordedEvent,
  type SqlDatabase,
  type SqlExecutor,
  type SqlSession,
} from '@leadline/event-store';
import {
  allowConnections,
  databaseUrl,
  pgWireProxy,
  recordSpans,
  terminateConnections,
  testInfra,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  type PgWireProxy,
} from '@leadline/testing';
import { toKafkaMessage } from '../src/cloud-event.mapper';
import { DLT_HEADERS } from '../src/dead-letter';
import { KafkaEventConsumer } from '../src/kafka-event-consumer';
import { createIdempotentProducer } from '../src/kafka-producer';
import { ensureTopics } from '../src/kafka-topics';
import { openTestStore, type TestStore } from './test-store';

/** Handler attempts before a message is dead-lettered, in this spec. */
const MAX_ATTEMPTS = 3;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('KafkaEventConsumer', () => {
  let pg: TestStore;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: KafkaEventConsumer | undefined;
  let dltProbe: Consumer | undefined;
  let topic: string;
  let dlt: string;
  let groupId: string;
  /** What the dead-letter topic received, once the probe runs. */
  const dead: KafkaMessage[] = [];
  const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();

  beforeAll(async () => {
    pg = await openTestStore('messaging-consumer', async (db) => {
      await db.query('create table effects (event_id text not null, n int not null)');
      // The deadlock test: each handler attempt locks its own row of `contended`, then the gate.
      await db.query('create table contended (k int primary key, n int not null default 0)');
      await db.query('insert into contended (k) select generate_series(0, 10)');
      await db.query('create sequence attempts');
    });
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
    await pg?.close();
  });

  /** An event as the relay sends it: appended to the store first, its record made from what was stored. */
  async function leadEvent(eventId: string, data: Record<string, unknown>): Promise<RecordedEvent> {
    const { events } = await pg.store.appendToStream('lead-7', [
      { id: eventId, type: 'LeadTouched', data, metadata: { leadId: 'lead-7' } },
    ]);
    return events[0];
  }

  function startConsumer(): KafkaEventConsumer {
    consumer = new KafkaEventConsumer({
      kafka,
      db: pg.db,
      store: pg.store,
      groupId,
      topics: [topic],
      deadLetterTopic: dlt,
      maxAttempts: MAX_ATTEMPTS,
      retryBackoffMs: 20,
      consumerConfig: { maxWaitTimeInMs: 200 },
      notInStoreWaitMs: 300,
      handle,
    });
    return consumer;
  }

  /** The spec's handler: records its effect, and fails (after writing) on a poisonous event. */
  async function handle(event: RecordedEvent, { tx }: { tx: SqlExecutor }): Promise<void> {
    const data = event.data as { n: number; poison?: boolean; contended?: boolean; gateWaitMs?: number };
    if (data.gateWaitMs !== undefined) {
      // Waits for the gate at most this long: past it, PostgreSQL aborts the attempt (lock_not_available).
      await tx.query(`select set_config('lock_timeout', $1, true)`, [String(data.gateWaitMs)]);
      await tx.query('update contended set n = n + 1 where k = 0');
    }
    if (data.contended) {
      // nextval is not rolled back: attempt a locks row a, then waits for the gate (row 0).
      const { rows } = await tx.query<{ attempt: number }>(`select nextval('attempts')::int as attempt`);
      await tx.query('update contended set n = n + 1 where k = $1', [rows[0].attempt]);
      await tx.query('update contended set n = n + 1 where k = 0');
    }
    await tx.query('insert into effects (event_id, n) values ($1, $2)', [event.id, data.n]);
    // Thrown after a write: the write must roll back with the attempt.
    if (data.poison) throw new Error(`cannot score lead ${event.metadata.leadId ?? '?'}`);
  }

  async function effects(): Promise<Array<{ event_id: string; n: number }>> {
    return (await pg.db.query<{ event_id: string; n: number }>('select event_id, n from effects order by n')).rows;
  }

  it('handles an event delivered twice only once', async () => {
    const first = toKafkaMessage(await leadEvent(id(1), { n: 1 }));
    const second = toKafkaMessage(await leadEvent(id(2), { n: 2 }));
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
    const failing = toKafkaMessage(await leadEvent(id(3), { n: 3, poison: true }));
    const after = toKafkaMessage(await leadEvent(id(4), { n: 4 }));
    await producer.send({ topic, acks: -1, messages: [notACloudEvent, failing, after] });

    await waitFor(async () => (await effects()).some((e) => e.n === 4), { timeoutMs: 30_000, message: 'the event after the poison' });
    expect((await effects()).map((e) => e.n)).toEqual([1, 2, 4]);
    expect(c.stats.deadLettered).toBe(2);

    dltProbe = kafka.consumer({ groupId: `${groupId}-dlt-probe`, maxWaitTimeInMs: 200 });
    await dltProbe.connect();
    await dltProbe.subscribe({ topic: dlt, fromBeginning: true });
    await dltProbe.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await waitFor(() => dead.length === 2, { timeoutMs: 30_000, message: '2 dead letters' });

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

  it('leaves its group on a graceful stop; after a restart nothing already done is delivered again', async () => {
    const stopping = consumer as KafkaEventConsumer;
    expect(stopping.isMember).toBe(true);
    await stopping.stop();
    expect(stopping.isMember).toBe(false);
    // Left, not merely gone quiet: the coordinator lists no member (a killed one stays listed until its session times out).
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0].members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    await producer.send({ topic, acks: -1, messages: [toKafkaMessage(await leadEvent(id(5), { n: 5 }))] });

    const restarted = startConsumer();
    await restarted.start();
    expect(restarted.isMember).toBe(true);
    await waitFor(async () => (await effects()).some((e) => e.n === 5), { timeoutMs: 30_000, message: 'the event sent while stopped' });
    expect(restarted.stats).toMatchObject({ received: 1, handled: 1, duplicates: 0, deadLettered: 0 });
    expect((await effects()).map((e) => e.n)).toEqual([1, 2, 4, 5]);
  });

  it('handles a burst several messages per transaction; a failing one rolls back only its chunk, which is redone one by one', async () => {
    const c = consumer as KafkaEventConsumer; // the restarted one
    const before = { ...c.stats };
    const burst: Message[] = [];
    for (let i = 0; i < 120; i++) burst.push(toKafkaMessage(await leadEvent(id(100 + i), { n: 100 + i, poison: i === 57 })));
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

  it('refuses records the store does not back (a forged LeadCaptured for an unknown lead, a stored event altered in flight): no effect, one dead letter each with the reason, no span', async () => {
    const c = consumer as KafkaEventConsumer;
    const before = { ...c.stats };
    const deadBefore = dead.length;
    // Tracing on for this case: the appends below store their spans' contexts, and the consumer's spans are recorded.
    const recorder = await recordSpans();
    const forgedTrace = randomBytes(16).toString('hex');
    const forged: RecordedEvent = {
      id: id(900),
      type: 'LeadCaptured',
      data: { n: 900, leadId: 'lead-unknown' },
      streamId: 'lead-unknown',
      streamVersion: 1,
      category: 'lead',
      metadata: { leadId: 'lead-unknown', schemaVersion: 1, traceparent: `00-${forgedTrace}-${randomBytes(8).toString('hex')}-01` },
      globalPosition: 1n,
      transactionId: 1n,
      recordedAt: new Date(),
    };
    let processSpans: Array<{ name: string; traceId: string; eventId: unknown }>;
    let altered: RecordedEvent;
    let genuine: RecordedEvent;
    try {
      altered = { ...(await leadEvent(id(901), { n: 901 })), data: { n: 9010 } };
      genuine = await leadEvent(id(902), { n: 902 });
      await producer.send({ topic, acks: -1, messages: [forged, altered, genuine].map((event) => toKafkaMessage(event)) });

      await waitFor(() => dead.length === deadBefore + 2 && c.stats.handled === before.handled + 1, {
        timeoutMs: 30_000,
        message: () => `2 dead letters and the genuine event handled; ${JSON.stringify(c.stats)}`,
      });
      processSpans = recorder
        .spans()
        .filter((span) => span.name === `process ${topic}`)
        .map((span) => ({ name: span.name, traceId: span.spanContext().traceId, eventId: span.attributes['leadline.event.id'] }));
    } finally {
      await recorder.stop();
    }
    // The genuine event's span continues the trace stored with it; the refused records opened none, under the trace
    // the forged header named or the altered event's.
    const traceOf = (event: RecordedEvent) => String(event.metadata.traceparent).split('-')[1];
    expect(traceOf(genuine)).toMatch(/^[0-9a-f]{32}$/);
    expect(processSpans).toEqual([{ name: `process ${topic}`, traceId: traceOf(genuine), eventId: id(902) }]);
    expect(processSpans.map((span) => span.traceId)).not.toContain(forgedTrace);
    expect(processSpans.map((span) => span.traceId)).not.toContain(traceOf(altered));
    expect((await effects()).filter((e) => e.n >= 900)).toEqual([{ event_id: id(902), n: 902 }]);
    expect(await pg.store.readStream('lead-unknown')).toEqual([]);
    const reasons = new Map(dead.slice(deadBefore).map((m) => [header(m, 'ce_id'), m]));
    expect(header(reasons.get(id(900)) as KafkaMessage, DLT_HEADERS.error)).toBe(
      `event ${id(900)} (LeadCaptured on lead-unknown) is not in the event store`,
    );
    expect(header(reasons.get(id(900)) as KafkaMessage, DLT_HEADERS.errorName)).toBe('UnverifiableEventError');
    expect(header(reasons.get(id(901)) as KafkaMessage, DLT_HEADERS.error)).toBe(
      `event ${id(901)} differs from the stored event in its data`,
    );
    expect(c.stats.deadLettered - before.deadLettered).toBe(2);
  });

  it('waits out a database it cannot reach without dead-lettering, then handles the record once', async () => {
    const c = consumer as KafkaEventConsumer;
    const before = { ...c.stats };
    const event = await leadEvent(id(950), { n: 950 });
    await allowConnections(pg.name, false);
    try {
      await terminateConnections(pg.name);
      await producer.send({ topic, acks: -1, messages: [toKafkaMessage(event)] });
      await waitFor(() => c.stats.databaseWaits >= before.databaseWaits + 2, {
        timeoutMs: 30_000,
        message: () => `the consumer waiting for its database; ${JSON.stringify(c.stats)}`,
      });
    } finally {
      await allowConnections(pg.name, true);
    }
    await waitFor(async () => (await effects()).some((e) => e.n === 950), { timeoutMs: 30_000, message: 'the event after the outage' });
    expect((await effects()).filter((e) => e.n === 950)).toHaveLength(1);
    expect(c.stats.deadLettered).toBe(before.deadLettered);
  });

  /** Runs `work` while another session's transaction holds the gate (row 0 of `contended`), then commits it. */
  async function holdingTheGate(work: (other: SqlSession) => Promise<void>, setup?: string): Promise<void> {
    const other = await pg.db.session();
    try {
      await other.query('begin');
      if (setup) await other.query(setup);
      await other.query('update contended set n = n + 1 where k = 0');
      await work(other);
      await other.query('commit');
    } finally {
      await other.query('rollback').catch(() => undefined);
      await other.release();
    }
  }

  /** The event `n` took effect once and nothing was dead-lettered since `before`. */
  async function handledOnce(n: number, what: string, c: KafkaEventConsumer, before: KafkaEventConsumer['stats']): Promise<void> {
    await waitFor(async () => (await effects()).some((e) => e.n === n), {
      timeoutMs: 30_000,
      message: () => `the event after ${what}; ${JSON.stringify(c.stats)}`,
    });
    expect((await effects()).filter((e) => e.n === n)).toHaveLength(1);
    expect(c.stats.deadLettered).toBe(before.deadLettered);
  }

  it('retries a handler its database chose as a deadlock victim, however often, instead of dead-lettering the event', async () => {
    const c = consumer as KafkaEventConsumer;
    const before = { ...c.stats };
    // Another transaction holds the gate; each time an attempt waits for it, it asks for the row that attempt
    // locked: a deadlock, which PostgreSQL breaks by aborting the attempt (this session checks only after a minute).
    const victims = MAX_ATTEMPTS + 1;
    await holdingTheGate(async (other) => {
      const { rows } = await other.query<{ pid: number }>('select pg_backend_pid() as pid');
      await producer.send({ topic, acks: -1, messages: [toKafkaMessage(await leadEvent(id(960), { n: 960, contended: true }))] });
      for (let attempt = 1; attempt <= victims; attempt++) {
        await waitFor(
          async () =>
            (
              await other.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [
                rows[0].pid,
              ])
            ).rows[0].n > 0,
          { timeoutMs: 30_000, message: () => `attempt ${attempt} waiting for the gate; ${JSON.stringify(c.stats)}` },
        );
        await other.query('update contended set n = n + 1 where k = $1', [attempt]);
      }
    }, `set local deadlock_timeout = '1min'`);
    await handledOnce(960, `${victims} deadlocks`, c, before);
    expect(c.stats.conflicts - before.conflicts).toBe(victims);
  });

  it('retries a handler whose lock wait ran past its lock_timeout, however often, instead of dead-lettering the event', async () => {
    const c = consumer as KafkaEventConsumer;
    const before = { ...c.stats };
    await holdingTheGate(async () => {
      await producer.send({ topic, acks: -1, messages: [toKafkaMessage(await leadEvent(id(970), { n: 970, gateWaitMs: 100 }))] });
      // Held past MAX_ATTEMPTS timed-out waits: each is a conflict, not an attempt used up.
      await waitFor(async () => c.stats.conflicts - before.conflicts > MAX_ATTEMPTS, {
        timeoutMs: 30_000,
        message: () => `timed-out lock waits; ${JSON.stringify(c.stats)}`,
      });
    });
    await handledOnce(970, 'its lock waits', c, before);
  });
  it('hands a batch handler a chunk in one call; a failing batch is redone one by one, so a poisonous event is dead-lettered alone', async () => {
    const batchTopic = `${topic}-batch`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [batchTopic], { numPartitions: 1, replicationFactor: 1 });
    await admin.disconnect();
    const batches: number[] = [];
    const single: string[] = [];
    const batched = new KafkaEventConsumer({
      kafka,
      db: pg.db,
      store: pg.store,
      groupId: `${groupId}-batch`,
      topics: [batchTopic],
      deadLetterTopic: dlt,
      maxAttempts: MAX_ATTEMPTS,
      retryBackoffMs: 20,
      consumerConfig: { maxWaitTimeInMs: 200 },
      handle: async (event, ctx) => {
        single.push(event.id);
        await handle(event, ctx);
      },
      handleBatch: async (events, ctx) => {
        batches.push(events.length);
        for (const event of events) await ctx.each(event, () => handle(event, ctx));
      },
    });
    try {
      const burst: Message[] = [];
      const poison = 2000 + 33;
      for (let n = 2000; n < 2080; n++) burst.push(toKafkaMessage(await leadEvent(id(n), { n, poison: n === poison })));
      await batched.start();
      await producer.send({ topic: batchTopic, acks: -1, messages: burst });
      await waitFor(() => batched.stats.received === 80, {
        timeoutMs: 30_000,
        message: () => `80 deliveries, ${JSON.stringify(batched.stats)}`,
      });

      const expected = Array.from({ length: 80 }, (_, i) => 2000 + i).filter((n) => n !== poison);
      expect((await effects()).filter((e) => e.n >= 2000).map((e) => e.n)).toEqual(expected);
      expect(batched.stats).toMatchObject({ handled: 79, duplicates: 0, deadLettered: 1 });
      // The poisonous event's chunk was tried whole once, then event by event: only its events went one at a time.
      expect(Math.max(...batches)).toBeGreaterThan(1);
      expect(single.filter((eventId) => eventId === id(poison))).toHaveLength(MAX_ATTEMPTS);
      expect(new Set(single).size).toBeLessThanOrEqual(50);
      expect(batched.stats.transactions).toBeLessThan(79);
    } finally {
      await batched.stop();
    }
  });

  it('handles what one fetch brings from several partitions in one transaction; a poisonous event among them is still dead-lettered alone', async () => {
    const partsTopic = `${topic}-parts`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [partsTopic], { numPartitions: 4, replicationFactor: 1 });
    await admin.disconnect();
    const parts = new KafkaEventConsumer({
      kafka,
      db: pg.db,
      store: pg.store,
      groupId: `${groupId}-parts`,
      topics: [partsTopic],
      deadLetterTopic: dlt,
      maxAttempts: MAX_ATTEMPTS,
      retryBackoffMs: 20,
      consumerConfig: { maxWaitTimeInMs: 200 },
      handle,
    });
    /** Three events on each of the four partitions, already in the topic when the consumer fetches. */
    const onEveryPartition = async (from: number, poison?: number): Promise<Message[]> => {
      const messages: Message[] = [];
      for (let partition = 0; partition < 4; partition++) {
        for (let k = 0; k < 3; k++) {
          const n = from + partition * 10 + k;
          messages.push({ ...toKafkaMessage(await leadEvent(id(n), { n, poison: n === poison })), partition });
        }
      }
      return messages;
    };
    try {
      await producer.send({ topic: partsTopic, acks: -1, messages: await onEveryPartition(3000) });
      await parts.start();
      await waitFor(() => parts.stats.received === 12, {
        timeoutMs: 30_000,
        message: () => `12 deliveries, ${JSON.stringify(parts.stats)}`,
      });
      expect(parts.stats).toMatchObject({ handled: 12, duplicates: 0, deadLettered: 0 });
      // One partition's batch per transaction would be 4; the fetch's four batches share one (two if they came in two fetches).
      expect(parts.stats.transactions).toBeLessThanOrEqual(2);

      const poison = 3100 + 2 * 10 + 1;
      await producer.send({ topic: partsTopic, acks: -1, messages: await onEveryPartition(3100, poison) });
      // One by one, a delivery counts as received before its transaction commits: wait for the last one's outcome too.
      await waitFor(() => parts.stats.received === 24 && parts.stats.handled + parts.stats.deadLettered === 24, {
        timeoutMs: 30_000,
        message: () => `24 deliveries, ${JSON.stringify(parts.stats)}`,
      });
      expect(parts.stats).toMatchObject({ handled: 23, duplicates: 0, deadLettered: 1 });
      const expected = [3000, 3100].flatMap((from) => [0, 10, 20, 30].flatMap((p) => [0, 1, 2].map((k) => from + p + k)));
      expect((await effects()).filter((e) => e.n >= 3000 && e.n < 3200).map((e) => e.n)).toEqual(expected.filter((n) => n !== poison));
    } finally {
      await parts.stop();
    }
  });

  it('off the line (coalesceMs), takes the records that come within a window after a fetch in one fetch and one transaction, a burst of 120 in one; a stop does not wait for the hold', async () => {
    const coalesceTopic = `${topic}-coalesce`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [coalesceTopic], { numPartitions: 1, replicationFactor: 1 });
    await admin.disconnect();
    const member = (coalesceMs: number) =>
      new KafkaEventConsumer({
        kafka,
        db: pg.db,
        store: pg.store,
        groupId: `${groupId}-coalesce`,
        topics: [coalesceTopic],
        deadLetterTopic: dlt,
        consumerConfig: { maxWaitTimeInMs: 200 },
        coalesceMs,
        handle,
      });
    const offTheLine = member(1_000);
    try {
      await offTheLine.start();
      await offTheLine.ready();
      // Ten records 50 ms apart: without the hold each would be a fetch and a transaction of its own.
      for (let n = 4000; n < 4010; n++) {
        await producer.send({ topic: coalesceTopic, acks: -1, messages: [toKafkaMessage(await leadEvent(id(n), { n }))] });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor(() => offTheLine.stats.handled === 10, {
        timeoutMs: 30_000,
        message: () => `10 handled, ${JSON.stringify(offTheLine.stats)}`,
      });
      // The first record's fetch, then (a second later) one fetch with the nine that came during its hold.
      expect(offTheLine.stats.transactions).toBeLessThanOrEqual(3);
      expect((await effects()).filter((e) => e.n >= 4000 && e.n < 4100).map((e) => e.n)).toEqual(
        [...Array(10).keys()].map((k) => 4000 + k),
      );
      // A burst in one fetch is one transaction off the line (on the line, chunks of 50: three).
      const before = offTheLine.stats.transactions;
      const burst: Message[] = [];
      for (let n = 4200; n < 4320; n++) burst.push(toKafkaMessage(await leadEvent(id(n), { n })));
      await producer.send({ topic: coalesceTopic, acks: -1, messages: burst });
      await waitFor(() => offTheLine.stats.handled === 130, {
        timeoutMs: 30_000,
        message: () => `130 handled, ${JSON.stringify(offTheLine.stats)}`,
      });
      expect(offTheLine.stats.transactions - before).toBe(1);
      expect((await effects()).filter((e) => e.n >= 4200 && e.n < 4400).map((e) => e.n)).toEqual(
        [...Array(120).keys()].map((k) => 4200 + k),
      );
    } finally {
      await offTheLine.stop();
    }

    const held = member(10_000);
    try {
      await held.start();
      await held.ready();
      await producer.send({ topic: coalesceTopic, acks: -1, messages: [toKafkaMessage(await leadEvent(id(4100), { n: 4100 }))] });
      await waitFor(() => held.stats.handled === 1, { timeoutMs: 30_000, message: () => `1 handled, ${JSON.stringify(held.stats)}` });
      // Its fetch's hold has 10 s to run.
      const started = performance.now();
      await held.stop();
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await held.stop();
    }
  });

  it('stops an idle member without waiting for the fetch it has in flight, and leaves its group', async () => {
    const idle = new KafkaEventConsumer({
      kafka,
      db: pg.db,
      store: pg.store,
      groupId: `${groupId}-idle`,
      topics: [topic],
      deadLetterTopic: dlt,
      // A long fetch wait: kafkajs alone stops (and disconnects) only once the broker answers the fetch in flight.
      consumerConfig: { maxWaitTimeInMs: 5_000 },
      handle,
    });
    await idle.start();
    await idle.ready();
    // What the topic holds comes with the first fetch; the next one waits on the broker.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = performance.now();
    await idle.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([`${groupId}-idle`]);
      expect(groups[0].members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('KafkaEventConsumer round trips per delivery', () => {
  /** LeadCaptured's name is personal: stored sealed under the lead's data key, as the platform stores it. */
  const FIELDS: PersonalDataFields = { LeadCaptured: [{ path: 'name', blank: null }] };
  let pg: TestStore;
  let proxy: PgWireProxy;
  let db: SqlDatabase;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let producer: Producer;
  let prefix: string;

  beforeAll(async () => {
    pg = await openTestStore('consumer-round-trips', (setup) => setup.query('create table effects (event_id text not null, name text)'));
    proxy = await pgWireProxy(new URL(databaseUrl(testInfra().postgresAdminUrl, pg.name)));
    db = await createPgDatabase(proxy.url, { applicationName: 'consumer-round-trips' });
    const vault = await PersonalDataVault.open(db, randomBytes(32));
    store = await PostgresEventStore.create(db, { codec: new PersonalDataCodec(vault, FIELDS), migrate: false });
    kafka = testKafka('consumer-round-trips');
    prefix = uniqueTopicPrefix('round-trips');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [`${prefix}here`, `${prefix}elsewhere`, `${prefix}dlt`], { numPartitions: 1, replicationFactor: 1 });
    await admin.disconnect();
    producer = createIdempotentProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await db?.close();
    await proxy?.close();
    await pg?.close();
  });

  /**
   * One LeadCaptured through a consumer wired as the platform wires it (its source the store as stored, decrypted
   * for the handler), checked in the delivery's transaction or, for a source on another database, before it: the
   * round trips and statements the consumer's database saw for it.
   */
  async function oneDelivery(check: 'here' | 'elsewhere'): Promise<{ turns: number; statements: string[]; name: string }> {
    const leadId = newEventId();
    const { events } = await store.appendToStream(`lead-${leadId}`, [
      { type: 'LeadCaptured', data: { leadId, name: 'Grace Hopper' }, metadata: { leadId } },
    ]);
    const [asSent] = await store.raw.readEvents([events[0].id]);
    const consumer = new KafkaEventConsumer({
      kafka,
      db,
      store,
      source: store.raw,
      decode: (stored) => store.decode(stored),
      sourceInTransaction:
        check === 'here'
          ? (tx) => ({ readEvents: (ids) => store.raw.inTransaction(tx).readEvents(ids), decoder: (claimed) => store.decoder(claimed, tx) })
          : undefined,
      groupId: `${prefix}${check}`,
      topics: [`${prefix}${check}`],
      deadLetterTopic: `${prefix}dlt`,
      consumerConfig: { maxWaitTimeInMs: 200 },
      handle: async (event, { tx }) => {
        await tx.query('insert into effects (event_id, name) values ($1, $2)', [event.id, (event.data as { name: string }).name]);
      },
    });
    await consumer.start();
    try {
      const turns = proxy.turns();
      const sent = proxy.statements().length;
      await producer.send({ topic: `${prefix}${check}`, acks: -1, messages: [toKafkaMessage(asSent)] });
      await waitFor(() => consumer.stats.handled === 1, {
        timeoutMs: 30_000,
        message: () => `the delivery, ${JSON.stringify(consumer.stats)}`,
      });
      const { rows } = await pg.db.query<{ name: string }>('select name from effects where event_id = $1', [events[0].id]);
      return { turns: proxy.turns() - turns, statements: proxy.statements().slice(sent), name: rows[0].name };
    } finally {
      await consumer.stop();
    }
  }

  /** Statements run on their own, outside a BEGIN ... COMMIT: each is a transaction of its own. */
  const autocommitted = (statements: readonly string[]) => {
    let open = false;
    return statements.filter((text) => {
      if (text === 'begin') open = true;
      else if (text === 'commit' || text === 'rollback') open = false;
      else return !open;
      return false;
    });
  };

  it('checks a one-message delivery against the store and reads its data key in its transaction, with BEGIN and the inbox claim: three round trips, one transaction', async () => {
    const here = await oneDelivery('here');
    // begin + inbox claim + the stored copy + its data key, the handler's insert, commit.
    expect(here.turns).toBe(3);
    expect(here.statements).toHaveLength(6);
    expect(here.statements.filter((text) => text === 'commit')).toHaveLength(1);
    expect(autocommitted(here.statements)).toEqual([]);
    expect(here.name).toBe('Grace Hopper');

    // A source on another database keeps the check and the key read before the transaction: two round trips and two
    // (autocommitted) transactions more.
    const elsewhere = await oneDelivery('elsewhere');
    expect(elsewhere.turns).toBe(5);
    expect(elsewhere.statements).toHaveLength(6);
    expect(autocommitted(elsewhere.statements)).toHaveLength(2);
    expect(elsewhere.name).toBe('Grace Hopper');
  });
});
