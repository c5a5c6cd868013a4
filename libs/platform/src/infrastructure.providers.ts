// The one place that binds the platform to the event-store and messaging adapters:
// adjust here when their APIs move.
import { mkdir } from 'node:fs/promises';
import { Logger, type Provider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { EVENT_UPCASTERS, PERSONAL_DATA_FIELDS } from '@leadline/domain';
import {
  createPgDatabase,
  createPgliteDatabase,
  PersonalDataCodec,
  PersonalDataVault,
  PostgresEventStore,
  prepareSchemas,
  type SqlDatabase,
} from '@leadline/event-store';
import { createEventTransport, KafkaRelay, type EventTransport, type LogStore } from '@leadline/messaging';
import type { KafkaConfig, PlatformConfig } from './config';
import { createKafkaClient } from './kafka-client';
import { KafkaTopicsReport } from './health/kafka-topics.report';
import { migrationSetsOf, type ServiceDescriptor } from './service-descriptor';
import {
  EVENT_STORE,
  EVENT_TRANSPORT,
  KAFKA_RELAY,
  PERSONAL_DATA_VAULT,
  PLATFORM_CONFIG,
  SERVICE_DESCRIPTORS,
  SQL_DATABASE,
} from './platform.tokens';
import { loadMasterKey } from './privacy';
import { measureAppends } from './monitoring/event-store-metrics';
import { PlatformMetrics } from './monitoring/platform-metrics';

/**
 * The process's database: PostgreSQL when DATABASE_URL is set (a pool of DATABASE_POOL_SIZE; its connections are
 * named after the services it hosts, so `pg_stat_activity` tells whose a long transaction is), else PGlite.
 */
export async function openDatabase(config: PlatformConfig, services: readonly ServiceDescriptor[] = []): Promise<SqlDatabase> {
  if (config.databaseUrl)
    return createPgDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, applicationName: applicationNameOf(services) });
  await mkdir(config.dataDir, { recursive: true });
  return createPgliteDatabase(config.dataDir);
}

/**
 * The database, its schemas at this build's version before anything else touches it: pending
 * migrations applied (MIGRATE_ON_START, the default) or, when off, a refusal to start naming them.
 */
export async function openMigratedDatabase(config: PlatformConfig, services: readonly ServiceDescriptor[]): Promise<SqlDatabase> {
  const db = await openDatabase(config, services);
  try {
    await prepareSchemas(db, migrationSetsOf(services), { apply: config.migrateOnStart !== false });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/**
 * `leadline-<service>` (`leadline-scoring`), `leadline-<a>+<b>` for several, `leadline` for none; PostgreSQL keeps
 * 63 bytes of it, so a long list is cut to what fits and ends in `+...` (ASCII only: PostgreSQL turns other characters into `?`).
 */
export function applicationNameOf(services: readonly ServiceDescriptor[]): string {
  if (services.length === 0) return 'leadline';
  const names = services.map((service) => service.name).sort();
  let name = `leadline-${names[0]}`;
  for (const [index, next] of names.slice(1).entries()) {
    const more = index + 2 < names.length;
    const candidate = `${name}+${next}`;
    if (Buffer.byteLength(candidate) + (more ? 4 : 0) > 63) return `${name}+...`;
    name = candidate;
  }
  return name;
}

/** Stable per set of services, so a restarted relay resumes from its own checkpoint. */
export function relayNameOf(services: readonly ServiceDescriptor[]): string {
  return services
    .map((service) => service.name)
    .sort()
    .join('+');
}

function kafkaClient(kafka: KafkaConfig): Kafka {
  if (kafka.sasl?.mechanism === 'plain' && !kafka.tls) {
    new Logger('Kafka').warn('KAFKA_SASL_MECHANISM=plain without KAFKA_TLS=true: the Kafka password crosses the network in cleartext');
  }
  return createKafkaClient(kafka);
}

export function infrastructureProviders(config: PlatformConfig, services: readonly ServiceDescriptor[]): Provider[] {
  const kafka = config.kafka && kafkaClient(config.kafka);
  return [
    { provide: PLATFORM_CONFIG, useValue: config },
    { provide: SERVICE_DESCRIPTORS, useValue: services },
    KafkaTopicsReport,
    { provide: SQL_DATABASE, useFactory: () => openMigratedDatabase(config, services) },
    {
      provide: PERSONAL_DATA_VAULT,
      inject: [SQL_DATABASE],
      useFactory: async (db: SqlDatabase) => PersonalDataVault.open(db, await loadMasterKey(config)),
    },
    {
      // Personal fields are encrypted on append and decrypted on read (libs/domain PERSONAL_DATA_FIELDS).
      provide: EVENT_STORE,
      inject: [SQL_DATABASE, PERSONAL_DATA_VAULT, PlatformMetrics],
      useFactory: async (db: SqlDatabase, vault: PersonalDataVault, metrics: PlatformMetrics) =>
        measureAppends(
          await PostgresEventStore.create(db, {
            codec: new PersonalDataCodec(vault, PERSONAL_DATA_FIELDS),
            upcasters: EVENT_UPCASTERS,
            migrate: false,
          }),
          metrics,
        ),
    },
    {
      // Kafka records carry events as stored (personal fields encrypted); consumers check them against
      // the stored copy and decrypt it before their handlers see it: in the delivery's transaction, with
      // its inbox claim, while the store is on the consumers' own database (it is in both modes).
      provide: EVENT_TRANSPORT,
      inject: [SQL_DATABASE, EVENT_STORE, KafkaTopicsReport],
      useFactory: (db: SqlDatabase, store: PostgresEventStore, topics: KafkaTopicsReport): EventTransport =>
        createEventTransport({
          kind: kafka ? 'kafka' : 'store-log',
          db,
          store,
          kafka,
          topicPrefix: config.kafka?.topicPrefix,
          kafkaOptions: {
            source: store.raw,
            decode: (events) => store.decode(events),
            sourceInTransaction:
              store.db === db
                ? (tx) => ({
                    readEvents: (ids) => store.raw.inTransaction(tx).readEvents(ids),
                    decoder: (claimed) => store.decoder(claimed, tx),
                  })
                : undefined,
            topicSettings: topics,
            consumerConfig: config.kafka && {
              sessionTimeout: config.kafka.sessionTimeoutMs,
              heartbeatInterval: config.kafka.heartbeatIntervalMs,
              maxWaitTimeInMs: config.kafka.fetchMaxWaitMs,
            },
          },
        }),
    },
    {
      // One relay per service that owns categories, named after it: its checkpoint and its one-active-instance
      // lock are the same whether the service runs alone or with others (SERVICES), so moving a service between
      // processes neither re-sends its history nor lets two processes relay the same categories at once.
      provide: KAFKA_RELAY,
      inject: [SQL_DATABASE, EVENT_STORE, KafkaTopicsReport],
      useFactory: (db: SqlDatabase, store: PostgresEventStore, topics: KafkaTopicsReport): KafkaRelay[] => {
        if (!kafka) return [];
        const raw: LogStore = store.raw;
        return services
          .filter((service) => service.ownedCategories.length > 0)
          .map(
            (service) =>
              new KafkaRelay({
                name: service.name,
                categories: [...service.ownedCategories].sort(),
                db,
                store: raw,
                kafka,
                topicPrefix: config.kafka?.topicPrefix,
                topicSettings: topics,
              }),
          );
      },
    },
  ];
}
