import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { logLevel, type Kafka } from 'kafkajs';
import { createTempDir, freePort, randomSuffix, type TempDir } from '@leadline/testing';
import { createKafkaClient, loadConfig, type KafkaSaslMechanism, type PlatformConfig } from '../src';
import { KafkaProbe } from '../src/health/kafka.probe';

const run = promisify(execFile);
const LOCAL_KAFKA = join(__dirname, '..', '..', '..', 'tools', 'kafka', 'local-kafka.sh');
const USER = 'leadline-app';

/** A test CA and a broker certificate for 127.0.0.1 it signed (openssl); the broker's PEM keystore holds key and chain. */
async function makeCertificates(dir: string): Promise<{ ca: string; keystore: string }> {
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Leadline test CA',
  );
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('broker.key'), '-out', at('broker.csr'), '-subj', '/CN=127.0.0.1');
  await writeFile(at('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    'x509',
    '-req',
    '-in',
    at('broker.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('broker.pem'),
    '-days',
    '2',
    '-extfile',
    at('san.ext'),
  );
  const pem = await Promise.all(['broker.key', 'broker.pem', 'ca.pem'].map((name) => readFile(at(name), 'utf8')));
  await writeFile(at('keystore.pem'), pem.join(''), { mode: 0o600 });
  return { ca: at('ca.pem'), keystore: at('keystore.pem') };
}

/**
 * A broker of its own (own ports and state folder), started by the project's script
 * (tools/kafka/local-kafka.sh with KAFKA_SASL_USERS, KAFKA_TLS_PORT and KAFKA_TLS_KEYSTORE): a
 * SASL_PLAINTEXT listener and a SASL_SSL one, PLAIN and SCRAM users, a certificate from a test CA.
 * Reached through the platform's Kafka settings, the password from a file.
 */
describe('Kafka with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and TLS through the platform configuration', () => {
  let state: TempDir;
  let brokerEnv: NodeJS.ProcessEnv;
  let brokers: string;
  let tlsBrokers: string;
  let caFile: string;
  let passwordFile: string;
  const password = `pw-${randomSuffix()}`;

  beforeAll(async () => {
    state = await createTempDir('kafka-sasl');
    const [port, controllerPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
    const { ca, keystore } = await makeCertificates(state.path);
    caFile = ca;
    tlsBrokers = `127.0.0.1:${tlsPort}`;
    brokerEnv = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_STATE_DIR: join(state.path, 'broker'),
      KAFKA_HEAP_OPTS: '-Xmx256m -Xms256m',
      KAFKA_SASL_USERS: `${USER}:${password}`,
      KAFKA_TLS_PORT: String(tlsPort),
      KAFKA_TLS_KEYSTORE: keystore,
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

  const configFor = (mechanism: KafkaSaslMechanism, secret: Record<string, string>, extra: Record<string, string> = {}): PlatformConfig =>
    loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
      KAFKA_BROKERS: brokers,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: USER,
      ...secret,
      ...extra,
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

  it('produces and consumes over TLS (SASL_SSL), trusting the broker through KAFKA_TLS_CA_FILE', async () => {
    const config = configFor(
      'scram-sha-256',
      { KAFKA_SASL_PASSWORD_FILE: passwordFile },
      { KAFKA_BROKERS: tlsBrokers, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: caFile },
    );
    const topic = `tls-${randomSuffix()}`;
    expect(await roundTrip(client(config), topic)).toBe(`hello over ${topic}`);
  }, 90_000);

  it('refuses the broker over TLS when its certificate is not signed by a trusted CA', async () => {
    const untrusted = client(
      configFor('scram-sha-256', { KAFKA_SASL_PASSWORD: password }, { KAFKA_BROKERS: tlsBrokers, KAFKA_TLS: 'true' }),
      0,
    );
    const admin = untrusted.admin();
    await expect(admin.connect()).rejects.toThrow(/self-signed certificate/);
    await admin.disconnect();
  }, 60_000);

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
