import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { EventStore, EventStoreReader, SqlDatabase } from '@leadline/event-store';
import { assertUniqueSubscription, type EventSubscription, type EventTransport } from './event-transport.port';
import { KafkaEventConsumer } from './kafka-event-consumer';
import { categoryTopic, deadLetterTopic, DEFAULT_TOPIC_PREFIX, type TopicSettings } from './kafka-topics';

export interface KafkaTransportOptions {
  readonly kafka: Kafka;
  readonly db: SqlDatabase;
  readonly store: EventStore;
  /** Where consumed records are verified; defaults to `store` (KafkaEventConsumerOptions.source). */
  readonly source?: Pick<EventStoreReader, 'readEvents'>;
  readonly topicPrefix?: string;
  readonly topicSettings?: TopicSettings;
  readonly maxAttempts?: number;
  readonly retryBackoffMs?: number;
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * Distributed mode: every subscription is a KafkaEventConsumer, group `<prefix><name>`, on the
 * topics of its categories, with dead-letter topic `<prefix>dlt.<name>`. Event types filter
 * client-side (a topic carries a whole category).
 */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka' as const;
  private readonly subscriptions: EventSubscription[] = [];
  private readonly consumers = new Map<string, KafkaEventConsumer>();

  constructor(private readonly options: KafkaTransportOptions) {}

  private get prefix(): string {
    return this.options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  }

  subscribe(subscription: EventSubscription): void {
    assertUniqueSubscription(this.subscriptions, subscription);
    this.subscriptions.push(subscription);
  }

  async start(): Promise<void> {
    for (const subscription of this.subscriptions) {
      if (this.consumers.has(subscription.name)) continue;
      const types = subscription.eventTypes ? new Set(subscription.eventTypes) : undefined;
      const consumer = new KafkaEventConsumer({
        kafka: this.options.kafka,
        db: this.options.db,
        store: this.options.store,
        source: this.options.source,
        groupId: `${this.prefix}${subscription.name}`,
        topics: subscription.categories.map((category) => categoryTopic(this.prefix, category)),
        deadLetterTopic: deadLetterTopic(this.prefix, subscription.name),
        handle: (event, ctx) => subscription.handle(event, ctx),
        accepts: types ? (event) => types.has(event.type) : undefined,
        maxAttempts: this.options.maxAttempts,
        retryBackoffMs: this.options.retryBackoffMs,
        topicSettings: this.options.topicSettings,
        consumerConfig: this.options.consumerConfig,
      });
      this.consumers.set(subscription.name, consumer);
      await consumer.start();
    }
  }

  async stop(): Promise<void> {
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(consumers.map((c) => c.stop()));
  }

  /** The consumer behind a subscription (stats, ready). */
  consumer(name: string): KafkaEventConsumer | undefined {
    return this.consumers.get(name);
  }
}
