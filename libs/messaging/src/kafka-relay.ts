import type { Kafka, Message, Producer } from 'kafkajs';
import { Processor, type ProcessorStatus, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import { defaultSource, toKafkaMessage } from './cloud-event.mapper';
import { ACKS_ALL, createIdempotentProducer } from './kafka-producer';
import { categoryTopic, DEFAULT_TOPIC_PREFIX, ensureTopics, type TopicConfig } from './kafka-topics';

/** The store a Processor reads the global log from. */
export type LogStore = ConstructorParameters<typeof Processor>[1];

export interface KafkaRelayOptions {
  /** Processor id becomes `kafka-relay:<name>`; usually the owning service. */
  readonly name: string;
  /** The owning service's stream categories; each goes to `<topicPrefix><category>`. */
  readonly categories: readonly string[];
  readonly db: SqlDatabase;
  readonly store: LogStore;
  readonly kafka: Kafka;
  readonly topicPrefix?: string;
  readonly topicSettings?: TopicConfig;
  /** CloudEvents `source`; defaults to `leadline/<category>`. */
  readonly source?: string;
  /** Events read from the log per step (default 500); one step's events go in as few sends as `maxSendBytes` allows. */
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /**
   * Most bytes one send carries (records as the broker counts them, estimated from above; default 900 KiB): under the
   * broker's `message.max.bytes` / topic `max.message.bytes` (1 MiB by default) with a margin for the request's framing.
   */
  readonly maxSendBytes?: number;
  /**
   * Most ms between two stores of the relay's checkpoint while it sends (default 250; 0: after every send, as a
   * transaction each). In between the position moves in memory only; it is stored when due (also while idle), before
   * waitForIdle resolves and on stop. A crash re-sends what went out since the last store, at most this long's sends;
   * consumers drop the duplicates by event id.
   */
  readonly checkpointEveryMs?: number;
}

/** One send's bytes by default: the broker's default `message.max.bytes` (1,048,588) less ~120 KiB of margin. */
export const DEFAULT_RELAY_MAX_SEND_BYTES = 900 * 1024;
/** Events per log read by default: more than one import chunk's, so a list's backlog moves in few steps. */
export const DEFAULT_RELAY_BATCH_SIZE = 500;
/**
 * The checkpoint's store at most this often by default: under load a relay steps several times per lead, and a store
 * after each was one autocommitted UPDATE (a commit, a WAL flush) per step (docs/benchmarks.md, "The relays' steps").
 */
export const DEFAULT_RELAY_CHECKPOINT_EVERY_MS = 250;

/** An event whose Kafka record alone is over the relay's send limit: the broker would refuse it. */
export class KafkaRecordTooLargeError extends Error {
  constructor(
    relay: string,
    readonly event: RecordedEvent,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `Kafka relay ${relay}: event ${event.id} (${event.type} on stream ${event.streamId}, global position ${event.globalPosition}) ` +
        `is ${bytes} bytes as a Kafka record, over the ${limit}-byte limit of one send; the relay sends nothing of its ` +
        `batch and stays at this event (retrying) until the limit allows it (maxSendBytes, and the broker's message.max.bytes)`,
    );
    this.name = 'KafkaRecordTooLargeError';
  }
}

/**
 * Global log -> Kafka. An at-least-once processor: a log batch goes out in as few `sendBatch` calls as the byte
 * limit allows, one after another (a partition's order kept: one request in flight), then the checkpoint moves, in
 * memory, and is stored at most every `checkpointEveryMs`. A crash re-sends what went out since the last store;
 * consumers dedupe by event id. No linger: while a send is in flight the log fills, and the next read takes all of
 * it, so the batches grow with the load by themselves.
 */
export class KafkaRelay {
  private readonly producer: Producer;
  private readonly processor: Processor;
  private readonly prefix: string;
  private readonly maxSendBytes: number;
  private stopped = false;
  /** The too-large event last reported, so a retry does not log it again. */
  private reportedTooLarge: string | undefined;

  constructor(private readonly options: KafkaRelayOptions) {
    if (options.categories.length === 0) throw new Error(`Kafka relay ${options.name}: no categories to relay`);
    this.prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.maxSendBytes = options.maxSendBytes ?? DEFAULT_RELAY_MAX_SEND_BYTES;
    this.producer = createIdempotentProducer(options.kafka);
    this.processor = new Processor(options.db, options.store, {
      id: `kafka-relay:${options.name}`,
      categories: options.categories,
      mode: 'at-least-once',
      batchSize: options.batchSize ?? DEFAULT_RELAY_BATCH_SIZE,
      pollIntervalMs: options.pollIntervalMs,
      checkpointEveryMs: options.checkpointEveryMs ?? DEFAULT_RELAY_CHECKPOINT_EVERY_MS,
      handle: (events) => this.send(events),
    });
  }

  get name(): string {
    return this.options.name;
  }

  get topics(): string[] {
    return this.options.categories.map((category) => categoryTopic(this.prefix, category));
  }

  /** Creates the topics, connects and starts reading the log; may be called again after a failure (Kafka unreachable). */
  async start(): Promise<void> {
    this.stopped = false;
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.topics, this.options.topicSettings);
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    // Stopped while it connected: leave nothing running behind stop().
    if (this.stopped) return this.producer.disconnect();
    await this.processor.start();
  }

  /** Stops reading the log; a send in progress completes first, then the checkpoint is stored and the producer disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.processor.stop();
    await this.producer.disconnect();
  }

  status(): ProcessorStatus {
    return this.processor.status();
  }

  /** Resolves when everything appended before the call has been sent and checkpointed. */
  waitForIdle(timeoutMs?: number): Promise<void> {
    return this.processor.waitForIdle(timeoutMs);
  }

  private async send(events: readonly RecordedEvent[]): Promise<void> {
    // Every record is sized before anything is sent: a batch that cannot go whole is not half re-sent on each retry.
    const sends: Array<Map<string, Message[]>> = [];
    let current = new Map<string, Message[]>();
    let bytes = 0;
    for (const event of events) {
      const topic = categoryTopic(this.prefix, event.category);
      const message = toKafkaMessage(event, this.options.source ?? defaultSource(event));
      const size = recordBytes(topic, message);
      if (size > this.maxSendBytes) throw this.tooLarge(event, size);
      if (bytes + size > this.maxSendBytes) {
        sends.push(current);
        current = new Map();
        bytes = 0;
      }
      const messages = current.get(topic) ?? [];
      messages.push(message);
      current.set(topic, messages);
      bytes += size;
    }
    if (current.size > 0) sends.push(current);
    for (const byTopic of sends) {
      await this.producer.sendBatch({
        acks: ACKS_ALL,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
  }

  private tooLarge(event: RecordedEvent, bytes: number): KafkaRecordTooLargeError {
    const error = new KafkaRecordTooLargeError(this.options.name, event, bytes, this.maxSendBytes);
    if (this.reportedTooLarge !== event.id) {
      this.reportedTooLarge = event.id;
      this.options.kafka.logger().error(error.message, { eventId: event.id, bytes, limit: this.maxSendBytes });
    }
    return error;
  }
}

const utf8Bytes = (value: Message['key'] | Message['value']): number =>
  value === null || value === undefined ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;

/**
 * A record's bytes in the request, from above: key, value and headers with each length's varint at its widest, the
 * record's own fields, and the topic's name (a share of the request's framing that grows with the topics in it).
 */
export function recordBytes(topic: string, message: Message): number {
  let bytes = 40 + Buffer.byteLength(topic) + utf8Bytes(message.key) + utf8Bytes(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) bytes += 10 + Buffer.byteLength(name) + utf8Bytes(one as Buffer | string | undefined);
  }
  return bytes;
}
