import { Kafka, logLevel } from 'kafkajs';
import { createPgliteDatabase, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { KafkaTransport } from '@leadline/messaging';
import { loadConfig } from '../config';
import { Drain } from '../lifecycle/drain';
import { KafkaProbe } from './kafka.probe';
import { KafkaTopicsReport } from './kafka-topics.report';
import { ReadinessService } from './readiness.service';

describe('ReadinessService, a process whose reactions run on Kafka', () => {
  let db: SqlDatabase;

  beforeAll(async () => {
    db = await createPgliteDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  // The Kafka cluster probe is left out (no KAFKA_BROKERS): what is checked here is the consumers' part alone.
  const readiness = (transport: KafkaTransport) => {
    const config = loadConfig({});
    return new ReadinessService(db, new KafkaProbe(config), transport, [], new Drain(), new KafkaTopicsReport(config));
  };
  const transport = () =>
    new KafkaTransport({
      kafka: new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING }),
      db,
      // Never used: no consumer is made before a subscription starts.
      store: undefined as unknown as EventStore,
    });

  it('is not ready between the HTTP server listening and the reactions starting their consumers', async () => {
    const kafka = transport();
    const service = readiness(kafka);
    // No subscription has registered yet: nothing is missing from the groups, and still the consumers are not running.
    expect(await service.check()).toEqual({
      status: 'unavailable',
      checks: { database: { status: 'up' }, consumers: { status: 'down', error: 'the consumers have not started yet' } },
    });
    await kafka.start();
    expect(await service.check()).toEqual({ status: 'ready', checks: { database: { status: 'up' }, consumers: { status: 'up' } } });
  });

  it('names the subscriptions not in their groups once registered', async () => {
    const kafka = transport();
    kafka.subscribe({ name: 'routing.scored', categories: ['lead'], handle: async () => undefined });
    const service = readiness(kafka);
    expect((await service.check()).checks['consumers']).toEqual({ status: 'down', error: 'the consumers have not started yet' });
  });
});
