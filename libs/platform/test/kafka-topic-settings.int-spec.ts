import { Module, type INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import {
  createTestTopics,
  freshStoreLocation,
  testInfra,
  testKafka,
  uniqueTopicPrefix,
  waitFor,
  type StoreLocation,
} from '@leadline/testing';
import { createLeadlineApp, loadConfig, startLeadlineApp, type ServiceDescriptor } from '../src';

@Module({})
class WidgetsModule {}

/** A service whose relay publishes two categories: `widget` (created wrong below) and `gadget` (left to the relay). */
const widgets: ServiceDescriptor = { name: 'widgets', module: WidgetsModule, ownedCategories: ['widget', 'gadget'] };

interface ReadyBody {
  readonly status: string;
  readonly checks: Record<string, { status: string; error?: string; required?: false }>;
}

async function ready(app: INestApplication): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

/**
 * Topic settings per topic from KAFKA_TOPIC_*, on the real broker: a topic the relay creates gets
 * them; an existing topic whose partitions differ is reported (log and /ready), or, with
 * KAFKA_TOPIC_MISMATCH=refuse, keeps the process from running on it and from being ready.
 */
describe('Kafka topic settings from configuration', () => {
  let where: StoreLocation;
  let admin: Admin;
  let app: INestApplication | undefined;
  let prefix: string;

  const env = (settings: Record<string, string>) =>
    loadConfig({
      ...where.env,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '1',
      KAFKA_TOPIC_RETENTION_MS: '3600000',
      ...settings,
    });

  beforeAll(async () => {
    where = await freshStoreLocation('pg', 'kafka-topic-settings');
    admin = testKafka('topic-settings-admin').admin();
    await admin.connect();
  });
  beforeEach(async () => {
    prefix = uniqueTopicPrefix('topic-settings');
    // Made by hand (or by an older release) with 2 partitions, where the settings say 3.
    await createTestTopics([{ topic: `${prefix}widget`, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] }]);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await admin?.disconnect();
    await where?.cleanup();
  });

  it('creates a missing topic with its settings and reports the existing one that differs, staying ready (warn)', async () => {
    app = await startLeadlineApp([widgets], env({}));
    await app.listen(0, '127.0.0.1');

    const [gadget] = (await admin.fetchTopicMetadata({ topics: [`${prefix}gadget`] })).topics;
    expect(gadget.partitions).toHaveLength(3);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: `${prefix}gadget`, configNames: ['retention.ms', 'min.insync.replicas'] }],
    });
    const value = (name: string) => configs.resources[0].configEntries.find((entry) => entry.configName === name)?.configValue;
    expect([value('retention.ms'), value('min.insync.replicas')]).toEqual(['3600000', '1']);

    const { status, body } = await ready(app);
    expect(status).toBe(200);
    expect(body.checks['kafka-topics']).toEqual({
      status: 'down',
      error: `settings differ: ${prefix}widget partitions is 2, configured 3`,
      required: false,
    });
  });

  it('takes a per-topic override: the 2-partition topic is what it should be', async () => {
    app = await startLeadlineApp([widgets], env({ KAFKA_TOPIC_OVERRIDES: 'gadget:retention.ms=-1;widget:partitions=2' }));
    await app.listen(0, '127.0.0.1');
    const { status, body } = await ready(app);
    expect(status).toBe(200);
    expect(body.checks['kafka-topics']).toEqual({ status: 'up' });
  });

  it('refuses to run on a topic that differs and is not ready (refuse)', async () => {
    app = await createLeadlineApp([widgets], env({ KAFKA_TOPIC_MISMATCH: 'refuse' }));
    await app.init();
    await app.listen(0, '127.0.0.1');
    let last: { status: number; body: ReadyBody } | undefined;
    await waitFor(async () => (last = await ready(app as INestApplication)).body.checks['kafka-topics']?.status === 'down', {
      timeoutMs: 30_000,
      message: () => `the mismatch on /ready: ${JSON.stringify(last)}`,
    });
    expect(last).toEqual({
      status: 503,
      body: expect.objectContaining({
        status: 'unavailable',
        checks: expect.objectContaining({
          'kafka-topics': { status: 'down', error: `settings differ: ${prefix}widget partitions is 2, configured 3` },
        }),
      }),
    });
  });
});
