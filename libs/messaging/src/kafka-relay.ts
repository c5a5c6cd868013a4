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
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

/**
 * Global log -> Kafka. An at-least-once processor: one `sendBatch` per log batch, then the
 * checkpoint. A crash between the two re-sends the batch; consumers dedupe by event id.
 */
export class KafkaRelay {
  private readonly producer: Producer;
  private readonly processor: Processor;
  private readonly prefix: string;
  private stopped = false;

  constructor(private readonly options: KafkaRelayOptions) {
    if (options.categories.length === 0) throw new Error(`Kafka relay ${options.name}: no categories to relay`);
    this.prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.producer = createIdempotentProducer(options.kafka);
    this.processor = new Processor(options.db, options.store, {
      id: `kafka-relay:${options.name}`,
      categories: options.categories,
      mode: 'at-least-once',
      batchSize: options.batchSize,
      pollIntervalMs: options.pollIntervalMs,
      handle: (events) => this.send(events),
    });
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

  /** Stops reading the log; a send in progress completes first (and its checkpoint), then the producer disconnects. */
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
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const topic = categoryTopic(this.prefix, event.category);
      const messages = byTopic.get(topic) ?? [];
      messages.push(toKafkaMessage(event, this.options.source ?? defaultSource(event)));
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({
      acks: ACKS_ALL,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
