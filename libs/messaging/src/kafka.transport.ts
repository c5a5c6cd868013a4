import { runAsReaction } from '@leadline/event-store';
import { assertUniqueSubscription, type EventSubscription, type EventTransport } from './event-transport.port';
import { KafkaEventConsumer, type KafkaEventConsumerOptions } from './kafka-event-consumer';
import { categoryTopic, deadLetterTopic, DEFAULT_TOPIC_PREFIX } from './kafka-topics';

/**
 * What every subscription's consumer shares, as KafkaEventConsumerOptions says it (`source`: where consumed
 * records are verified, defaulting to `store`; `decode`: what handlers see of a verified stored copy;
 * `sourceInTransaction`: both in a delivery's transaction, for a source on `db`).
 */
export interface KafkaTransportOptions extends Pick<
  KafkaEventConsumerOptions,
  | 'kafka'
  | 'db'
  | 'store'
  | 'source'
  | 'decode'
  | 'sourceInTransaction'
  | 'topicSettings'
  | 'maxAttempts'
  | 'retryBackoffMs'
  | 'consumerConfig'
> {
  readonly topicPrefix?: string;
}

/**
 * Distributed mode: every subscription is a KafkaEventConsumer, group `<prefix><name>`, on the
 * topics of its categories, with dead-letter topic `<prefix>dlt.<name>`. Event types filter
 * client-side (a topic carries a whole category). An off-the-line subscription (coalesceMs) fetches at most once per
 * window while records come.
 */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka' as const;
  private readonly subscriptions: EventSubscription[] = [];
  private readonly consumers = new Map<string, KafkaEventConsumer>();
  private startCalled = false;

  constructor(private readonly options: KafkaTransportOptions) {}

  private get prefix(): string {
    return this.options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  }

  subscribe(subscription: EventSubscription): void {
    assertUniqueSubscription(this.subscriptions, subscription);
    this.subscriptions.push(subscription);
  }

  /**
   * Starts every subscription's consumer, all at once (a join can wait for a dead member's session
   * to time out; the groups wait side by side, not one after another). Rejects when one cannot
   * start (Kafka unreachable): calling it again starts those not running yet.
   */
  async start(): Promise<void> {
    this.startCalled = true;
    await Promise.all(this.subscriptions.map((subscription) => this.consumerOf(subscription).start()));
  }

  /**
   * Whether the reactions have asked the consumers to start. Until then `notJoined()` cannot know what is missing:
   * the subscriptions register themselves just before (EventLogServer.listen), after the HTTP server listens.
   */
  get started(): boolean {
    return this.startCalled;
  }

  /** Subscriptions whose consumer is not (or no longer) a member of its group; empty once all have joined. */
  notJoined(): string[] {
    return this.subscriptions.filter((s) => !this.consumers.get(s.name)?.isMember).map((s) => s.name);
  }

  private consumerOf(subscription: EventSubscription): KafkaEventConsumer {
    const existing = this.consumers.get(subscription.name);
    if (existing) return existing;
    const types = subscription.eventTypes ? new Set(subscription.eventTypes) : undefined;
    const consumer = new KafkaEventConsumer({
      kafka: this.options.kafka,
      db: this.options.db,
      store: this.options.store,
      source: this.options.source,
      decode: this.options.decode && ((events) => this.options.decode!(events)),
      sourceInTransaction: this.options.sourceInTransaction && ((tx) => this.options.sourceInTransaction!(tx)),
      groupId: `${this.prefix}${subscription.name}`,
      topics: subscription.categories.map((category) => categoryTopic(this.prefix, category)),
      deadLetterTopic: deadLetterTopic(this.prefix, subscription.name),
      // As in embedded mode: what the handler appends names the reaction and its cause.
      handle: (event, ctx) => runAsReaction(subscription.name, event, () => subscription.handle(event, ctx)),
      handleBatch:
        subscription.handleBatch &&
        ((events, ctx) =>
          subscription.handleBatch!(events, {
            ...ctx,
            each: (event, work) => ctx.each(event, () => runAsReaction(subscription.name, event, work)),
          })),
      accepts: types ? (event) => types.has(event.type) : undefined,
      coalesceMs: subscription.coalesceMs,
      maxAttempts: this.options.maxAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
      topicSettings: this.options.topicSettings,
      consumerConfig: this.options.consumerConfig,
    });
    this.consumers.set(subscription.name, consumer);
    return consumer;
  }

  async stop(): Promise<void> {
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(consumers.map((c) => c.stop()));
  }

  /** Every subscription's consumer created so far (lag, dead-letter counts). */
  consumerList(): KafkaEventConsumer[] {
    return [...this.consumers.values()];
  }

  /** The consumer behind a subscription (stats, ready). */
  consumer(name: string): KafkaEventConsumer | undefined {
    return this.consumers.get(name);
  }
}
