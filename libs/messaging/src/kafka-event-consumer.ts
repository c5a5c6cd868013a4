import { performance } from 'node:perf_hooks';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Attributes } from '@opentelemetry/api';
import {
  DatabaseUnavailableError,
  inBatchTrace,
  inEventTrace,
  isConnectionLoss,
  type EventStore,
  type EventStoreReader,
  type ProcessorContext,
  type RecordedEvent,
  type SqlDatabase,
  type SqlExecutor,
} from '@leadline/event-store';
import { fromKafkaMessage } from './cloud-event.mapper';
import { deadLetterMessage } from './dead-letter';
import { checkEvents, StoreVerifier, UnverifiableEventError } from './event-verification';
import { ACKS_ALL, createIdempotentProducer } from './kafka-producer';
import { commitOnInterval } from './kafkajs-interval-commits';
import './kafkajs-stop-fetch-fix';
import { ensureTopics, type TopicConfig } from './kafka-topics';
import type { BatchContext } from './event-transport.port';
import { claimInboxEntries, claimInboxEntry, migrateInbox } from './messaging-inbox';

/** The source store bound to a delivery's transaction (KafkaEventConsumerOptions.sourceInTransaction). */
export interface SourceInTransaction {
  /** The events with these ids as `source` reads them (what the relay sent). */
  readEvents(eventIds: readonly string[]): Promise<RecordedEvent[]>;
  /**
   * Issues now what `decode` needs for the stored copies of `claimed` (the data keys the records name), so it goes
   * out with the check; answers what decodes the stored copies.
   */
  decoder(claimed: readonly RecordedEvent[]): (stored: readonly RecordedEvent[]) => Promise<RecordedEvent[]>;
}

export interface KafkaEventConsumerOptions {
  readonly kafka: Kafka;
  /** The consumer's OWN database: inbox rows and the handler's effects commit together here. */
  readonly db: SqlDatabase;
  readonly store: EventStore;
  /**
   * The event store the records were written to; every record is checked against it before it is
   * handled (event-verification.ts). Defaults to `store`: both modes share one store today.
   */
  readonly source?: Pick<EventStoreReader, 'readEvents'>;
  /**
   * Turns the verified stored copy into what handlers see, e.g. decrypts personal fields when
   * `source` reads events as stored (encrypted, as the relay sent them). Default: as stored.
   */
  decode?(events: readonly RecordedEvent[]): Promise<RecordedEvent[]>;
  /**
   * The source store read in a delivery's own transaction on `db`, for a source that lives there: the store check
   * and the reads decoding needs are issued with the inbox claim, so in pg's pipeline mode BEGIN, the claim and the
   * check are one round trip and a delivery one transaction. A record the check does not back (not in the store
   * yet, differing, or forged) rolls the transaction back and takes the path of a source elsewhere: the check
   * before the transaction with its wait, and the dead-letter topic. Default: `store` when neither `source` nor
   * `decode` is given (handlers get `store` in the delivery's transaction, so it lives on `db`); otherwise none.
   */
  sourceInTransaction?(tx: SqlExecutor): SourceInTransaction;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
  handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void>;
  /**
   * Optional: a chunk's new events in one call, in the chunk's transaction (the fast path); `ctx.each` runs work as
   * one event's delivery (its span). When it throws, the chunk rolls back and is handled message by message with
   * `handle`, retries and the dead-letter topic, as when a `handle` call of the chunk throws.
   */
  handleBatch?(events: readonly RecordedEvent[], ctx: BatchContext): Promise<void>;
  /** Client-side filter; events it rejects are acknowledged without a transaction. */
  accepts?(event: RecordedEvent): boolean;
  /** Handler attempts before a message goes to the dead-letter topic (default 3); a deadlock or serialization failure uses none up. */
  readonly maxAttempts?: number;
  /** Backoff before retry n is n * retryBackoffMs (default 100 ms). */
  readonly retryBackoffMs?: number;
  /** How long a record whose event the store does not show yet is looked up again before it is dead-lettered (default 1000 ms). */
  readonly notInStoreWaitMs?: number;
  /** Where a group without committed offsets starts (default: the beginning). */
  readonly fromBeginning?: boolean;
  /**
   * Messages handled in one database transaction (default LINE_TRANSACTION_BATCH, 50; off the line, with coalesceMs,
   * OFF_THE_LINE_TRANSACTION_BATCH, 500). A failure rolls that chunk back and it is handled again message by message,
   * with retries and the dead-letter topic; 1 turns it off.
   */
  readonly transactionBatchSize?: number;
  /**
   * Off the line (EventSubscription.coalesceMs): after a fetch that brought records, the next fetch goes this many ms
   * after that one was answered, so the records of the window come in one fetch and one transaction; without it a
   * member at low rates fetches, checks and commits once per record. A fetch that brings nothing is not held (an idle
   * member waits on the broker as before), and a stop cuts the hold short. Default 0: the next fetch at once.
   */
  readonly coalesceMs?: number;
  readonly topicSettings?: TopicConfig;
  /** kafkajs consumer settings; the group timings default to GROUP_TIMINGS. */
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * Group timings shorter than kafkajs's (30 s session, 60 s rebalance): a member that dies without
 * leaving (SIGKILL, a lost node) holds its partitions until its session times out, and a restarted
 * member's join waits for that. 10 s is above the broker's minimum (6 s) and well above what one
 * chunk of handling takes between heartbeats (every chunk, and every database wait, heartbeats).
 */
export const GROUP_TIMINGS = { sessionTimeout: 10_000, heartbeatInterval: 3_000, rebalanceTimeout: 30_000 } as const;

/**
 * How long a fetch waits on the broker when no records come (kafkajs: 5 s). Records are answered as
 * they arrive whatever this is (a fetch's minimum is one byte): it sets what an idle member costs,
 * one fetch per wait (on kafkajs ~0.2 % of a core per member at one a second: 1 s made an idle
 * routing process, four groups, cost 1.3-1.5 % of a core). kafkajs heartbeats between fetches, so
 * the heartbeat interval is the longest wait that keeps a member's session and a rebalance's notice
 * on their timings. A stopping consumer does not wait for its fetch in flight (kafkajs-stop-fetch-fix.ts).
 */
export const FETCH_MAX_WAIT_MS = GROUP_TIMINGS.heartbeatInterval;

/**
 * How often a member commits the offsets it has resolved (kafkajs-interval-commits.ts): kafkajs alone
 * commits after every batch, one OffsetCommit per record per group at one record per fetch. A member
 * that stops, or whose group rebalances, commits first; one that crashes redelivers at most this long's
 * records, which its inbox drops. Lag read from the committed offsets trails by up to this much.
 */
export const OFFSET_COMMIT_INTERVAL_MS = 1_000;

export interface KafkaEventConsumerStats {
  /** Records taken off Kafka (raw deliveries, duplicates included). */
  received: number;
  handled: number;
  /** Records whose event id this group had already handled. */
  duplicates: number;
  skipped: number;
  deadLettered: number;
  /** Database transactions committed for handled messages (several messages share one on the fast path). */
  transactions: number;
  /** Times a message waited for its database to answer again (a lost or unreachable PostgreSQL). */
  databaseWaits: number;
  /** Handler transactions that lost to a concurrent one (deadlock victim, serialization failure) and were run again. */
  conflicts: number;
}

type Outcome = 'handled' | 'duplicate' | 'skipped' | 'dead-lettered' | 'abandoned';

/** A record as consumed: the topic and partition it came from. */
interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** One partition's batch handed to eachBatch: `next` is the index of its first message not yet done. */
interface Delivery {
  readonly payload: EachBatchPayload;
  next: number;
  settled?: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * How many partitions' batches of one fetch kafkajs hands over at once (partitionsConsumedConcurrently): more than a
 * member is assigned in this project (a subscription's categories × 6 partitions), so a fetch's batches come together.
 */
export const BATCHES_GATHERED = 64;

/** Messages in one transaction on the line by default: a lead waits for its chunk's commit. */
export const LINE_TRANSACTION_BATCH = 50;
/**
 * Off the line (coalesceMs) nobody waits for a chunk, and each transaction has its claim, its check, the handler's
 * reads and a commit to pay for: lead-intake's overview, which takes every lead event, ran ~40 transactions a second
 * of up to 50 at 500 leads/s; with 500 a chunk it ran half the row writes and a fifth of the locking reads
 * (docs/benchmarks.md, "Issue 15, the twentieth 2026-12-07 session").
 */
export const OFF_THE_LINE_TRANSACTION_BATCH = 500;

/**
 * A consumer group member that handles each event exactly once in effect: the inbox claim and the
 * handler's writes share one transaction on the consumer's own database, and an offset is resolved
 * (so committable) only after that transaction, or the dead-letter write, has completed.
 */
export class KafkaEventConsumer {
  readonly stats: KafkaEventConsumerStats = {
    received: 0,
    handled: 0,
    duplicates: 0,
    skipped: 0,
    deadLettered: 0,
    transactions: 0,
    databaseWaits: 0,
    conflicts: 0,
  };
  private readonly consumer: Consumer;
  private readonly verifier: StoreVerifier;
  private readonly sourceIn: ((tx: SqlExecutor) => SourceInTransaction) | undefined;
  private readonly producer: Producer;
  private running = false;
  private closing = false;
  private starting?: Promise<void>;
  private member = false;
  private readonly inHand = new Map<string, number>();
  /** Batches handed over in this turn of the event loop, not yet handled (handleBatch). */
  private gathered: Delivery[] = [];
  /** The gathered batches are handled one gathering after the other. */
  private delivering: Promise<void> = Promise.resolve();
  private joined: Promise<void>;
  private markJoined: () => void = () => undefined;
  /** The hold of the batches gathered in this turn of the event loop (coalesceMs from when they were handed over). */
  private held: () => Promise<void> = () => Promise.resolve();
  /** Ends of the holds under way (coalesceMs), which a stop calls at once. */
  private readonly holds = new Set<() => void>();

  constructor(private readonly options: KafkaEventConsumerOptions) {
    const { retry, ...config } = options.consumerConfig ?? {};
    this.consumer = options.kafka.consumer({
      allowAutoTopicCreation: false,
      ...GROUP_TIMINGS,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      ...config,
      // kafkajs restarts a crashed consumer (broker gone, retries exhausted) unless it is being stopped.
      retry: { ...retry, restartOnFailure: async () => !this.closing },
      groupId: options.groupId,
    });
    commitOnInterval(this.consumer);
    this.producer = createIdempotentProducer(options.kafka);
    this.verifier = new StoreVerifier(options.source ?? options.store, options.notInStoreWaitMs);
    this.sourceIn =
      options.sourceInTransaction ??
      (options.source || options.decode
        ? undefined
        : (tx) => {
            const reader = options.store.inTransaction(tx);
            return { readEvents: (ids) => reader.readEvents(ids), decoder: () => async (stored) => [...stored] };
          });
    this.joined = new Promise((resolve) => (this.markJoined = resolve));
    const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => {
      this.member = true;
      this.markJoined();
    });
    for (const left of [CRASH, STOP, DISCONNECT]) this.consumer.on(left, () => (this.member = false));
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /** True while the consumer is a member of its group (joined, not crashed or stopped): what readiness asks. */
  get isMember(): boolean {
    return this.member;
  }

  /**
   * Connects, subscribes and joins the group; resolves once joined (or once kafkajs has taken over
   * retrying a failed join). A failure before the join (Kafka unreachable) rejects and may be retried.
   */
  start(): Promise<void> {
    this.closing = false;
    this.starting ??= this.connectAndRun().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async connectAndRun(): Promise<void> {
    if (this.running) return;
    await migrateInbox(this.options.db);
    this.throwIfClosing();
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...this.options.topics, this.options.deadLetterTopic], this.options.topicSettings);
    } finally {
      await admin.disconnect();
    }
    this.throwIfClosing();
    await this.producer.connect();
    await this.consumer.connect();
    this.throwIfClosing();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    this.throwIfClosing();
    this.running = true;
    // autoCommit commits only resolved offsets (at most once per interval, and on stop and rebalance);
    // nothing is resolved before its transaction or dead-letter write is done.
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: OFFSET_COMMIT_INTERVAL_MS,
      eachBatchAutoResolve: false,
      // Every partition's batch of a fetch is handed over at once, so that they can share transactions (handleBatch).
      partitionsConsumedConcurrently: BATCHES_GATHERED,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Resolves once the consumer has joined its group (partitions assigned). */
  ready(): Promise<void> {
    return this.joined;
  }

  /**
   * Finishes the chunk in hand (handleBatch stops at the next chunk), commits the resolved offsets,
   * leaves the group (so its partitions move to the other members at once, not after the session
   * timeout) and disconnects. A start still under way is cut short.
   */
  async stop(): Promise<void> {
    this.closing = true;
    for (const end of [...this.holds]) end();
    const starting = this.starting;
    if (!this.running && !starting) return;
    // Ends a join in progress too: its connection closes, and kafkajs does not restart it (closing).
    await this.consumer.disconnect();
    await starting?.catch(() => undefined);
    await this.consumer.disconnect();
    await this.producer.disconnect();
    this.running = false;
    this.member = false;
    this.joined = new Promise((resolve) => (this.markJoined = resolve));
  }

  private throwIfClosing(): void {
    if (this.closing) throw new Error(`Consumer ${this.options.groupId} was stopped while it started`);
  }

  /** Kafka timestamp (ms) of the oldest record of a partition this member has fetched and not yet handled. */
  oldestInHand(topic: string, partition: number): number | undefined {
    return this.inHand.get(`${topic}/${partition}`);
  }

  /**
   * kafkajs hands over every partition's batch of a fetch at once (partitionsConsumedConcurrently); they are gathered
   * for the rest of this turn of the event loop and handled together, one after the other with the batches of other
   * fetches (handleDeliveries): what a fetch brings from several partitions shares one transaction instead of one each.
   */
  private handleBatch(payload: EachBatchPayload): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const coalesceMs = this.options.coalesceMs ?? 0;
      if (this.gathered.length === 0 && coalesceMs > 0) this.held = this.heldUntil(performance.now() + coalesceMs);
      const held = this.held;
      // kafkajs fetches again once every batch of a fetch has resolved: off the line, a batch done resolves after the hold.
      this.gathered.push({ payload, next: 0, resolve: coalesceMs > 0 ? () => void held().then(resolve) : resolve, reject });
      this.inHand.set(`${payload.batch.topic}/${payload.batch.partition}`, Number(payload.batch.messages[0]?.timestamp));
      if (this.gathered.length > 1) return;
      setImmediate(() => {
        const deliveries = this.gathered.splice(0);
        this.delivering = this.delivering.then(() => this.handleDeliveries(deliveries));
      });
    });
  }

  /**
   * What an off-the-line member's batch done waits for before it resolves: the end of its fetch's hold (one timer per
   * fetch, made once the first of its batches is done), or a stop, whichever comes first.
   */
  private heldUntil(until: number): () => Promise<void> {
    let hold: Promise<void> | undefined;
    return () =>
      (hold ??= new Promise<void>((resolve) => {
        const ms = until - performance.now();
        if (ms <= 0 || this.closing) return resolve();
        const end = () => {
          clearTimeout(timer);
          this.holds.delete(end);
          resolve();
        };
        const timer = setTimeout(end, ms);
        this.holds.add(end);
      }));
  }

  /**
   * The gathered batches in chunks of up to transactionBatchSize messages, each batch's messages in their order and
   * the batches one after the other: a chunk of several messages is handled in one transaction (processTogether);
   * when that fails, the chunk's messages are handled one by one. A batch's offsets are resolved as its messages are
   * done; its promise settles once all are done, or its consumer stops or loses its partition.
   */
  private async handleDeliveries(deliveries: Delivery[]): Promise<void> {
    const offTheLine = (this.options.coalesceMs ?? 0) > 0;
    const size = Math.max(1, this.options.transactionBatchSize ?? (offTheLine ? OFF_THE_LINE_TRANSACTION_BATCH : LINE_TRANSACTION_BATCH));
    const key = ({ payload: { batch } }: Delivery) => `${batch.topic}/${batch.partition}`;
    const settle = (delivery: Delivery, error?: unknown) => {
      if (delivery.settled) return;
      delivery.settled = true;
      this.inHand.delete(key(delivery));
      if (error === undefined) delivery.resolve();
      else delivery.reject(error);
    };
    try {
      for (;;) {
        for (const delivery of deliveries) {
          const { batch, isRunning, isStale } = delivery.payload;
          if (delivery.next >= batch.messages.length || !isRunning() || isStale()) settle(delivery);
        }
        const open = deliveries.filter((delivery) => !delivery.settled);
        if (open.length === 0) return;
        const chunk: { delivery: Delivery; messages: KafkaMessage[] }[] = [];
        let taken = 0;
        for (const delivery of open) {
          if (taken === size) break;
          const messages = delivery.payload.batch.messages.slice(delivery.next, delivery.next + size - taken);
          chunk.push({ delivery, messages });
          taken += messages.length;
          this.inHand.set(key(delivery), Number(messages[0].timestamp));
        }
        const records = chunk.flatMap(({ delivery: { payload }, messages }) =>
          messages.map((message) => ({ topic: payload.batch.topic, partition: payload.batch.partition, message })),
        );
        if (records.length > 1 && (await this.processTogether(records))) {
          this.stats.received += records.length;
          for (const { delivery, messages } of chunk) {
            delivery.payload.resolveOffset(messages[messages.length - 1].offset);
            delivery.next += messages.length;
          }
          // Both act on the whole consumer (its group's offsets, its session), whichever batch asks.
          await chunk[0].delivery.payload.commitOffsetsIfNecessary();
          await chunk[0].delivery.payload.heartbeat();
          continue;
        }
        for (const { delivery, messages } of chunk) {
          try {
            await this.handleOneByOne(delivery, messages, (message) => this.inHand.set(key(delivery), Number(message.timestamp)));
          } catch (error) {
            settle(delivery, error);
          }
        }
      }
    } catch (error) {
      for (const delivery of deliveries) settle(delivery, error);
    }
  }

  /** A chunk's messages of one batch, each in its own transaction (retries, dead-letter topic); stops the batch when abandoned. */
  private async handleOneByOne(
    delivery: Delivery,
    messages: readonly KafkaMessage[],
    holding: (message: KafkaMessage) => void,
  ): Promise<void> {
    const { payload } = delivery;
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    for (const message of messages) {
      if (!isRunning() || isStale()) return;
      holding(message);
      this.stats.received += 1;
      const outcome = await this.process(batch.topic, batch.partition, message, payload);
      if (outcome === 'abandoned') {
        delivery.next = batch.messages.length;
        return;
      }
      resolveOffset(message.offset);
      delivery.next += 1;
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * The fast path: every message of the chunk checked against the store in one query and handled
   * in one transaction (one commit instead of one per message); with a source on `db` the check is
   * in that transaction, issued with the inbox claim. False, with nothing written, when any message
   * is malformed, unverified, or its handler throws: the caller then takes the chunk one message at
   * a time.
   */
  private async processTogether(records: readonly ConsumedRecord[]): Promise<boolean> {
    const events: (RecordedEvent | null)[] = [];
    const { db, store, groupId, handle, handleBatch, accepts } = this.options;
    for (const { message } of records) {
      try {
        const event = fromKafkaMessage(message);
        events.push(accepts && !accepts(event) ? null : event);
      } catch {
        return false;
      }
    }
    try {
      const wanted = events.filter((event): event is RecordedEvent => event !== null);
      let checked: RecordedEvent[] | undefined;
      if (!this.sourceIn) {
        const verdicts = wanted.length > 0 ? await this.verifier.check(wanted) : [];
        if (verdicts.some((verdict) => !verdict.ok)) return false;
        checked = await this.decoded(verdicts.map((verdict) => (verdict as { event: RecordedEvent }).event));
      }
      const outcomes = await db.transaction(async (tx) => {
        // One statement claims the chunk: an id this group saw before (or earlier in the chunk) is a duplicate. A
        // stored copy has its record's id, so the claim need not wait for the check.
        const claim = claimInboxEntries(
          tx,
          groupId,
          wanted.map((event) => event.id),
        );
        const [fresh, stored] = await claimThenCheck(claim, checked ?? this.checkedIn(tx, wanted));
        const trusted = new Map<RecordedEvent, RecordedEvent>(wanted.map((claimed, i) => [claimed, stored[i]]));
        const ctx = { tx, store: store.inTransaction(tx) };
        const done: Outcome[] = [];
        const handled: RecordedEvent[] = [];
        const consumed = new Map<RecordedEvent, ConsumedRecord>();
        for (const [i, claimed] of events.entries()) {
          const event = claimed && trusted.get(claimed);
          if (!event) done.push('skipped');
          else if (!fresh.delete(event.id)) done.push('duplicate');
          else {
            consumed.set(event, records[i]);
            handled.push(event);
            done.push('handled');
          }
        }
        const each = <T>(event: RecordedEvent, work: () => Promise<T>) => {
          const record = consumed.get(event) ?? records[0];
          return inEventTrace(event, `process ${record.topic}`, this.spanAttributes(record), work);
        };
        if (handleBatch && handled.length > 0) {
          const span = { ...this.spanAttributes(records[0]), 'messaging.batch.message_count': handled.length };
          await inBatchTrace(handled, `process ${records[0].topic} batch`, span, () => handleBatch(handled, { ...ctx, each }));
        } else {
          for (const event of handled) await each(event, () => handle(event, ctx));
        }
        return done;
      });
      this.stats.transactions += 1;
      for (const outcome of outcomes) {
        if (outcome === 'handled') this.stats.handled += 1;
        else if (outcome === 'duplicate') this.stats.duplicates += 1;
        else this.stats.skipped += 1;
      }
      return true;
    } catch {
      return false;
    }
  }

  private async process(topic: string, partition: number, message: KafkaMessage, payload: EachBatchPayload): Promise<Outcome> {
    let event: RecordedEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (error) {
      return this.deadLetter(topic, partition, message, 0, error);
    }
    if (this.options.accepts && !this.options.accepts(event)) {
      this.stats.skipped += 1;
      return 'skipped';
    }
    let waits = 0;
    let conflicts = 0;
    // The record's stored copy, decoded, once checked before a transaction: with a source on `db` it is checked in
    // the transaction that handles it instead (handleOnce), and before one only when that check did not back it.
    let trusted: RecordedEvent | undefined;
    const checkBefore = async (): Promise<Outcome | undefined> => {
      for (;;) {
        try {
          [trusted] = await this.decoded([await this.verifier.verify(event)]);
          return undefined;
        } catch (error) {
          if (error instanceof UnverifiableEventError) return this.deadLetter(topic, partition, message, 0, error);
          if (!databaseDown(error)) throw error;
          if (!(await this.waitForDatabase(payload, ++waits))) return 'abandoned';
        }
      }
    };
    if (!this.sourceIn) {
      const refused = await checkBefore();
      if (refused) return refused;
    }
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ;) {
      try {
        const outcome = await this.handleOnce(event, trusted, { topic, partition, message });
        this.stats.transactions += 1;
        if (outcome === 'handled') this.stats.handled += 1;
        else this.stats.duplicates += 1;
        return outcome;
      } catch (error) {
        // Not backed by the check in the transaction (rolled back): the check before one waits or refuses.
        if (error instanceof CheckedElsewhere) {
          const refused = await checkBefore();
          if (refused) return refused;
          continue;
        }
        // A database that is away is no fault of the message: wait for it, however long, without using up attempts.
        if (databaseDown(error)) {
          if (!(await this.waitForDatabase(payload, ++waits))) return 'abandoned';
          continue;
        }
        // Nor is losing to a concurrent transaction (PostgreSQL aborted this one to break a deadlock): the
        // message is fine and the next attempt can commit. Dead-lettering it would lose the event for this group.
        if (concurrencyConflict(error)) {
          this.stats.conflicts += 1;
          // Jittered, so two losers of one deadlock do not meet again in step.
          const pause = Math.min(MAX_CONFLICT_BACKOFF_MS, 50 * 2 ** Math.min(++conflicts, 6)) * (0.5 + Math.random() / 2);
          if (!(await this.backOff(payload, pause))) return 'abandoned';
          continue;
        }
        if (attempt >= maxAttempts) return this.deadLetter(topic, partition, message, attempt, error);
        await sleep(attempt * (this.options.retryBackoffMs ?? 100));
        attempt++;
        // Stopping mid-retry leaves the offset unresolved: the next member retries the message.
        if (!payload.isRunning() || payload.isStale()) return 'abandoned';
        await payload.heartbeat();
      }
    }
  }

  /** Backs off (up to 5 s) and keeps the group membership alive; false when the consumer is stopping or lost its partitions. */
  private async waitForDatabase(payload: EachBatchPayload, waits: number): Promise<boolean> {
    this.stats.databaseWaits += 1;
    return this.backOff(payload, Math.min(MAX_DATABASE_BACKOFF_MS, 100 * 2 ** Math.min(waits, 6)));
  }

  /** Sleeps `ms` and keeps the group membership alive; false when the consumer is stopping or lost its partitions. */
  private async backOff(payload: EachBatchPayload, ms: number): Promise<boolean> {
    await sleep(ms);
    if (!payload.isRunning() || payload.isStale()) return false;
    await payload.heartbeat();
    return true;
  }

  /** The OpenTelemetry messaging attributes of a handler's span (the event's own come from inEventTrace). */
  private spanAttributes({ topic, partition, message }: ConsumedRecord): Attributes {
    return {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.kafka.offset': Number(message.offset),
    };
  }

  private async decoded(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    return this.options.decode && events.length > 0 ? this.options.decode(events) : [...events];
  }

  /**
   * One transaction: the inbox claim, the record's check issued with it unless `trusted` was checked before, the
   * handler. The handler's span opens once the check has backed the record, from the stored copy's trace context (as a
   * chunk's do in processTogether): a record the store does not back (forged, altered) opens none.
   */
  private handleOnce(claimed: RecordedEvent, trusted: RecordedEvent | undefined, record: ConsumedRecord): Promise<'handled' | 'duplicate'> {
    const { db, store, groupId, handle } = this.options;
    return db.transaction(async (tx) => {
      const [fresh, event] = await claimThenCheck(
        claimInboxEntry(tx, groupId, claimed.id),
        trusted ?? this.checkedIn(tx, [claimed]).then(([stored]) => stored),
      );
      if (!fresh) return 'duplicate';
      await inEventTrace(event, `process ${record.topic}`, this.spanAttributes(record), () =>
        handle(event, { tx, store: store.inTransaction(tx) }),
      );
      return 'handled';
    });
  }

  /**
   * The records' stored copies, decoded, read in the delivery's transaction `tx` (a source on `db`): the copies and
   * the data keys the records name are asked for at once, behind the inbox claim, so BEGIN, the claim and the check
   * are one round trip. Throws CheckedElsewhere, for the caller to roll back and check the records before a
   * transaction, when one is not its stored event (or the check fails other than by a database that is away).
   */
  private async checkedIn(tx: SqlExecutor, claimed: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    if (claimed.length === 0) return [];
    const source = (this.sourceIn as (tx: SqlExecutor) => SourceInTransaction)(tx);
    try {
      const checked = checkEvents(source, claimed);
      const decode = source.decoder(claimed);
      const verdicts = await checked;
      const refused = verdicts.find((verdict) => !verdict.ok);
      if (refused) throw new CheckedElsewhere(refused.reason);
      return await decode(verdicts.map((verdict) => (verdict as { event: RecordedEvent }).event));
    } catch (error) {
      if (error instanceof CheckedElsewhere || databaseDown(error)) throw error;
      throw new CheckedElsewhere('the check in the transaction failed', { cause: error });
    }
  }

  /** The dead-letter write is acknowledged by all replicas before the offset can be resolved. */
  private async deadLetter(topic: string, partition: number, message: KafkaMessage, attempts: number, error: unknown): Promise<Outcome> {
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: ACKS_ALL,
      messages: [deadLetterMessage({ topic, partition, message, consumerGroup: this.options.groupId, attempts, error })],
    });
    this.stats.deadLettered += 1;
    return 'dead-lettered';
  }
}

/** A delivery's records not backed by the check in its transaction: it rolls back, and they are checked before one. */
class CheckedElsewhere extends Error {
  override readonly name = 'CheckedElsewhere';
}

/**
 * The inbox claim's answer, then the check's, both issued before either is awaited (one round trip in pg's pipeline
 * mode). A claim that fails (a lock wait, a deadlock) fails the statements behind it: its own error is the one thrown.
 */
async function claimThenCheck<C, E>(claim: Promise<C>, check: Promise<E> | E): Promise<[C, E]> {
  if (check instanceof Promise) check.catch(() => undefined);
  const claimed = await claim;
  return [claimed, await check];
}

const MAX_DATABASE_BACKOFF_MS = 5_000;
const MAX_CONFLICT_BACKOFF_MS = 2_000;

function databaseDown(error: unknown): boolean {
  return error instanceof DatabaseUnavailableError || isConnectionLoss(error);
}

/**
 * SQLSTATEs of a transaction aborted for what other transactions did: 40P01 deadlock_detected, 40001
 * serialization_failure, 55P03 lock_not_available (a lock wait past the transaction's lock_timeout,
 * e.g. routing's lock held by a long vendor-list release).
 */
const CONFLICT_CODES = new Set(['40P01', '40001', '55P03']);

/** True when the error (or one it wraps) says the transaction lost to a concurrent one, not that its statements were wrong. */
function concurrencyConflict(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && CONFLICT_CODES.has(code)) return true;
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
