/**
 * Jest globalSetup of the "integration" project: provides a real PostgreSQL server and a real
 * Kafka broker, verifies both, and hands them to the workers through LEADLINE_TEST_* variables
 * (read them with testInfra() from @leadline/testing).
 *
 * Choice, per service (they may mix):
 *   1. TEST_DATABASE_URL / TEST_KAFKA_BROKERS from the environment;
 *   2. testcontainers, when a Docker engine answers;
 *   3. otherwise the local PostgreSQL (LEADLINE_LOCAL_PG_URL, default
 *      postgres://postgres@127.0.0.1:5432/postgres) and a local Apache Kafka broker from the
 *      Maven Central jars (tools/kafka/local-kafka.sh; KAFKA_VERSION picks the release).
 * Unreachable infrastructure fails the run with a clear message: tests are never skipped.
 *
 * Relative imports only: jest does not apply moduleNameMapper to globalSetup modules.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { newRunId, TEST_ENV } from '../../libs/testing/src/infra';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const LOCAL_KAFKA = join(ROOT, 'tools', 'kafka', 'local-kafka.sh');
const DEFAULT_LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_IMAGE = process.env.LEADLINE_TEST_PG_IMAGE ?? 'postgres:16-alpine';
// @testcontainers/kafka 11 drives Confluent images: cp-kafka 8.1 ships Apache Kafka 4.1 (KRaft),
// cp-kafka 7.9.0 Kafka 3.9 (LEADLINE_TEST_KAFKA_IMAGE picks another).
const KAFKA_IMAGE = process.env.LEADLINE_TEST_KAFKA_IMAGE ?? 'confluentinc/cp-kafka:8.1.0';

type Source = 'env' | 'testcontainers' | 'local';

interface Stoppable {
  stop(): Promise<unknown>;
}

export interface LeadlineTestState {
  runId: string;
  postgresAdminUrl: string;
  kafkaBrokers: string[];
  postgresSource: Source;
  kafkaSource: Source;
  containers: Stoppable[];
  /** Lease id held on the local Maven broker (released, and the broker stopped if we started it, in teardown). */
  localKafkaLease?: string;
  /** The Apache Kafka version of the local broker (KAFKA_VERSION or the script's default). */
  localKafkaVersion?: string;
  /** The local broker was already running (started by someone else) when this run began. */
  localKafkaReused?: boolean;
  /** Set once each service answered; the teardown only cleans up on verified services. */
  postgresVerified?: boolean;
  kafkaVerified?: boolean;
}

declare global {
  var __LEADLINE_TEST_STATE__: LeadlineTestState | undefined;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let dockerAnswer: Promise<boolean> | undefined;
/** True when testcontainers finds a container runtime that answers (checked once, 8 s max). */
function dockerAvailable(): Promise<boolean> {
  if (process.env.LEADLINE_TEST_NO_DOCKER === '1') return Promise.resolve(false);
  dockerAnswer ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const client = await withTimeout(getContainerRuntimeClient(), 8_000, 'container runtime detection');
      return Boolean(client);
    } catch {
      return false;
    }
  })();
  return dockerAnswer;
}

async function verifyPostgres(url: string, source: Source): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
    const { rows } = await client.query<{ ok: boolean }>(`select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user`);
    if (!rows[0]?.ok) throw new Error('the role may not create databases (needs CREATEDB)');
  } catch (error) {
    const hint =
      source === 'env'
        ? 'Check TEST_DATABASE_URL (an admin URL of a server the tests may create databases on).'
        : source === 'local'
          ? `Start PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), or set TEST_DATABASE_URL, or LEADLINE_LOCAL_PG_URL.`
          : 'The PostgreSQL container started but does not answer.';
    throw new Error(`PostgreSQL (${source}) at ${redact(url)} is not usable: ${(error as Error).message}. ${hint}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function verifyKafka(brokers: string[], source: Source): Promise<void> {
  const kafka = new Kafka({
    clientId: 'leadline-test-setup',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    retry: { retries: 5, initialRetryTime: 300 },
  });
  const admin = kafka.admin();
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('describeCluster returned no brokers');
      })(),
      45_000,
      'Kafka admin connect + describeCluster',
    );
  } catch (error) {
    const hint =
      source === 'env'
        ? 'Check TEST_KAFKA_BROKERS (comma-separated host:port list).'
        : source === 'local'
          ? `See the broker log: bash tools/kafka/local-kafka.sh logs 100`
          : 'The Kafka container started but does not answer.';
    throw new Error(`Kafka (${source}) at ${brokers.join(',')} is not usable: ${(error as Error).message}. ${hint}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function provisionPostgres(state: LeadlineTestState): Promise<void> {
  const fromEnv = process.env.TEST_DATABASE_URL?.trim();
  if (fromEnv) {
    state.postgresAdminUrl = fromEnv;
    state.postgresSource = 'env';
  } else if (await dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(PG_IMAGE).start();
    state.containers.push(container);
    state.postgresAdminUrl = container.getConnectionUri();
    state.postgresSource = 'testcontainers';
  } else {
    state.postgresAdminUrl = process.env.LEADLINE_LOCAL_PG_URL?.trim() || DEFAULT_LOCAL_PG;
    state.postgresSource = 'local';
  }
  await verifyPostgres(state.postgresAdminUrl, state.postgresSource);
  state.postgresVerified = true;
}

async function provisionKafka(state: LeadlineTestState): Promise<void> {
  const fromEnv = process.env.TEST_KAFKA_BROKERS?.trim();
  if (fromEnv) {
    state.kafkaBrokers = fromEnv
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    state.kafkaSource = 'env';
  } else if (await dockerAvailable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
    state.containers.push(container);
    state.kafkaBrokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    state.kafkaSource = 'testcontainers';
  } else {
    // `acquire` = `start` plus a lease for this jest process: the broker is reused when it is
    // already running (and then never stopped by us); one started here is stopped by the
    // teardown of the last run holding a lease.
    const lease = `jest-${state.runId}`;
    let stdout: string;
    try {
      ({ stdout } = await execFileAsync('bash', [LOCAL_KAFKA, 'acquire', lease, String(process.pid)], {
        cwd: ROOT,
        timeout: 15 * 60_000,
        maxBuffer: 10 * 1024 * 1024,
      }));
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(
        `Could not start the local Kafka broker (tools/kafka/local-kafka.sh acquire): ${e.message}\n${e.stderr ?? ''}\n` +
          'No Docker engine answered and TEST_KAFKA_BROKERS is not set; the local broker needs Java 17+ and Maven ' +
          '(Maven Central reachable on first use).',
      );
    }
    state.localKafkaLease = lease;
    state.localKafkaVersion = (await execFileAsync('bash', [LOCAL_KAFKA, 'version'], { cwd: ROOT })).stdout.trim();
    const lines = stdout.trim().split('\n');
    state.kafkaBrokers = lines[lines.length - 1].split(',').map((b) => b.trim());
    state.kafkaSource = 'local';
    state.localKafkaReused = lines[0] === 'reused';
  }
  await verifyKafka(state.kafkaBrokers, state.kafkaSource);
  state.kafkaVerified = true;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const state: LeadlineTestState = {
    runId: process.env[TEST_ENV.runId]?.trim() || newRunId(),
    postgresAdminUrl: '',
    kafkaBrokers: [],
    postgresSource: 'local',
    kafkaSource: 'local',
    containers: [],
  };
  // Publish early so the teardown can clean up even when setup fails half-way.
  globalThis.__LEADLINE_TEST_STATE__ = state;

  try {
    // allSettled: let both finish (so teardown knows everything that was started), then fail.
    const results = await Promise.allSettled([provisionPostgres(state), provisionKafka(state)]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length === 1) throw failures[0].reason;
    if (failures.length > 1) {
      throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
    }
  } catch (error) {
    const { default: teardown } = await import('./global-teardown');
    await teardown().catch(() => undefined);
    throw error;
  }

  process.env[TEST_ENV.postgresAdminUrl] = state.postgresAdminUrl;
  process.env[TEST_ENV.kafkaBrokers] = state.kafkaBrokers.join(',');
  process.env[TEST_ENV.runId] = state.runId;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

  const describe = (source: Source) => (source === 'local' ? 'local' : source === 'env' ? 'environment' : 'testcontainers');
  const kafkaDetail =
    state.kafkaSource === 'local' ? ` [Maven-jar broker ${state.localKafkaVersion}, ${state.localKafkaReused ? 'reused' : 'started'}]` : '';
  console.log(
    `\n[leadline-test] infrastructure: postgres=${describe(state.postgresSource)} (${redact(state.postgresAdminUrl)}), ` +
      `kafka=${describe(state.kafkaSource)}${kafkaDetail} (${state.kafkaBrokers.join(',')}), runId=${state.runId} ` +
      `(ready in ${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
}
