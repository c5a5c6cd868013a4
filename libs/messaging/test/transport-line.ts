import type { Kafka } from 'kafkajs';
import type { PostgresEventStore, SqlDatabase } from '@leadline/event-store';
import { testKafka, uniqueTopicPrefix } from '@leadline/testing';
import { createEventTransport } from '../src/create-event-transport';
import type { EventSubscription, EventTransport } from '../src/event-transport.port';
import { KafkaRelay } from '../src/kafka-relay';
import { openTestStore, type TestStore } from './test-store';

export type TransportKind = 'store-log' | 'kafka';

export interface OpenStore {
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
}

/**
 * A producing service and a subscriber, as the platform runs them: embedded, one database and the
 * store-log transport; distributed, the source's store, a relay of `categories` to Kafka, and the
 * subscriber's own database behind a Kafka consumer group. `close()` stops and drops everything.
 */
export class TransportLine {
  readonly prefix: string;
  kafka: Kafka | undefined;
  relay: KafkaRelay | undefined;
  source!: OpenStore;
  subscriber!: OpenStore;
  private readonly stores: TestStore[] = [];
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  private constructor(
    readonly kind: TransportKind,
    private readonly label: string,
    private readonly partitions: number,
  ) {
    this.prefix = uniqueTopicPrefix(label);
  }

  static async open(
    kind: TransportKind,
    label: string,
    options: { categories: readonly string[]; partitions: number; prepare?: (db: SqlDatabase) => Promise<unknown> },
  ): Promise<TransportLine> {
    const line = new TransportLine(kind, label, options.partitions);
    line.source = await line.openStore(`${label}-source`, options.prepare);
    line.subscriber = kind === 'kafka' ? await line.openStore(`${label}-subscriber`, options.prepare) : line.source;
    if (kind === 'kafka') {
      line.kafka = testKafka(label);
      line.relay = new KafkaRelay({
        name: 'lead-intake',
        categories: [...options.categories],
        db: line.source.db,
        store: line.source.store,
        kafka: line.kafka,
        topicPrefix: line.prefix,
        pollIntervalMs: 50,
        topicSettings: { numPartitions: options.partitions, replicationFactor: 1 },
      });
      await line.relay.start();
      line.onClose(() => line.relay!.stop());
    }
    return line;
  }

  /** Starts the transport the subscriber's side runs, with `subscription` on it. */
  async subscribe(subscription: EventSubscription): Promise<EventTransport> {
    const transport = createEventTransport({
      kind: this.kind,
      db: this.subscriber.db,
      store: this.subscriber.store,
      kafka: this.kafka,
      topicPrefix: this.prefix,
      kafkaOptions: {
        source: this.source.store,
        consumerConfig: { maxWaitTimeInMs: 200 },
        topicSettings: { numPartitions: this.partitions, replicationFactor: 1 },
      },
    });
    transport.subscribe(subscription);
    await transport.start();
    this.onClose(() => transport.stop());
    return transport;
  }

  onClose(cleanup: () => Promise<unknown>): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    for (const opened of this.stores) await opened.close();
  }

  private async openStore(label: string, prepare?: (db: SqlDatabase) => Promise<unknown>): Promise<OpenStore> {
    const opened = await openTestStore(label, prepare);
    this.stores.push(opened);
    return opened;
  }
}
