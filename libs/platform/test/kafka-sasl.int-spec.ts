import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { logLevel, type Kafka } from 'kafkajs';
import { createTempDir, freePort, randomSuffix, type TempDir } from '@leadline/testing';
import { createKafkaClient, loadConfig, type KafkaSaslMechanism, type PlatformConfig } from '../src';
import { KafkaProbe } from '../src/health/kafka.probe';

const run = promisify(execFile);
const LOCAL_KAFKA = join(__dirname, '..', '..', '..', 'tools', 'kafka', 'local-kafka.sh');
const USER = 'leadline-app';

/**
 * A broker of its own (own ports and state folder) whose client listener is SASL_PLAINTEXT with
 * PLAIN and SCRAM users, started by the project's script (tools/kafka/local-kafka.sh, KAFKA_SASL_USERS)
 * and reached through the platform's Kafka settings, the password from a file.
 */
describe('Kafka with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) through the platform configuration', () => {
  let state: TempDir;
  let brokerEnv: NodeJS.ProcessEnv;
  let brokers: string;
  let passwordFile: string;
  const password = `pw-${randomSuffix()}`;

  beforeAll(async () => {
    state = await createTempDir('kafka-sasl');
    const [port, controllerPort] = [await freePort(), await freePort()];
    brokerEnv = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_STATE_DIR: join(state.path, 'broker'),
      KAFKA_HEAP_OPTS: '-Xmx256m -Xms256m',
      KAFKA_SASL_USERS: `${USER}:${password}`,
    };
    const { stdout } = await run('bash', [LOCAL_KAFKA, 'start'], { env: brokerEnv, timeout: 170_000 });
    brokers = stdout.trim().split('\n').pop() ?? '';
    passwordFile = join(state.path, 'kafka-password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }, 180_000);

  afterAll(async () => {
    if (brokerEnv) await run('bash', [LOCAL_KAFKA, 'stop'], { env: brokerEnv, timeout: 60_000 }).catch(() => undefined);
    await state?.cleanup();
  }, 90_000);

  const configFor = (mechanism: KafkaSaslMechanism, secret: Record<string, string>): PlatformConfig =>
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
      KAFKA_BROKERS: brokers,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: USER,
      ...secret,
    });

  const client = (config: PlatformConfig, retries = 5): Kafka =>
    createKafkaClient(config.kafka!, { logLevel: logLevel.NOTHING, retry: { retries }, connectionTimeout: 5_000 });

  async function roundTrip(kafka: Kafka, topic: string): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    try {
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k', value: `hello over ${topic}` }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      return await new Promise<string>((resolve, reject) => {
        consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  }

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'produces and consumes with %s, the password read from KAFKA_SASL_PASSWORD_FILE',
    async (mechanism) => {
      const config = configFor(mechanism, { KAFKA_SASL_PASSWORD_FILE: passwordFile });
      expect(config.kafka?.sasl).toEqual({ mechanism, username: USER, password });
      const topic = `sasl-${mechanism}-${randomSuffix()}`;
      expect(await roundTrip(client(config), topic)).toBe(`hello over ${topic}`);
    },
    90_000,
  );

  it('is ready through the readiness probe with the same settings', async () => {
    const probe = new KafkaProbe(configFor('scram-sha-512', { KAFKA_SASL_PASSWORD: password }));
    try {
      await expect(probe.check()).resolves.toBeUndefined();
    } finally {
      await probe.onApplicationShutdown();
    }
  });

  it('is refused with a wrong password, and without SASL at all', async () => {
    for (const mechanism of ['plain', 'scram-sha-256'] as const) {
      const admin = client(configFor(mechanism, { KAFKA_SASL_PASSWORD: 'not-the-password' }), 0).admin();
      await expect(admin.connect()).rejects.toThrow(/authentication failed/i);
      await admin.disconnect();
    }
    const plaintext = client(loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused', KAFKA_BROKERS: brokers }), 0).admin();
    // The broker answers ApiVersions to anyone; everything else needs the SASL handshake first.
    const listWithoutSasl = async () => {
      await plaintext.connect();
      return plaintext.listTopics();
    };
    await expect(listWithoutSasl()).rejects.toThrow();
    await plaintext.disconnect();
  }, 60_000);
});
