import type { Kafka } from 'kafkajs';
import type { SqlDatabase } from '@leadline/event-store';
import type { EventTransport } from './event-transport.port';
import type { LogStore } from './kafka-relay';
import { KafkaTransport, type KafkaTransportOptions } from './kafka.transport';
import { StoreLogTransport } from './store-log.transport';

export interface CreateEventTransportOptions {
  readonly kind: 'store-log' | 'kafka';
  readonly db: SqlDatabase;
  readonly store: LogStore;
  readonly kafka?: Kafka;
  readonly topicPrefix?: string;
  readonly kafkaOptions?: Omit<KafkaTransportOptions, 'kafka' | 'db' | 'store' | 'topicPrefix'>;
}

/** Picks the adapter from configuration; handlers are the same for both. */
export function createEventTransport(options: CreateEventTransportOptions): EventTransport {
  switch (options.kind) {
    case 'store-log':
      return new StoreLogTransport({ db: options.db, store: options.store });
    case 'kafka':
      if (!options.kafka) throw new Error('The kafka event transport needs a kafkajs client (kafka)');
      return new KafkaTransport({
        ...options.kafkaOptions,
        kafka: options.kafka,
        db: options.db,
        store: options.store,
        topicPrefix: options.topicPrefix,
      });
    default: {
      const unknownKind: never = options.kind;
      throw new Error(`Unknown event transport kind ${String(unknownKind)}`);
    }
  }
}
