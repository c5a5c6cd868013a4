/**
 * Jest globalTeardown of the "integration" project: drops what this run left behind (databases
 * and topics carrying its runId), stops the containers the setup started and releases the local
 * Kafka broker (stopping it only if a test run started it and no other run still uses it).
 * Everything here is best effort: a cleanup failure is reported, never fails the run.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { dropDatabasesWithPrefix, testDatabasePrefix } from '../../libs/testing/src/database';
import { testTopicRunPrefix } from '../../libs/testing/src/kafka';
import type { LeadlineTestState } from './global-setup';

const execFileAsync = promisify(execFile);
const LOCAL_KAFKA = join(__dirname, '..', 'kafka', 'local-kafka.sh');

function warn(message: string): void {
  console.warn(`[leadline-test] teardown: ${message}`);
}

async function dropRunTopics(state: LeadlineTestState): Promise<void> {
  const admin = new Kafka({
    clientId: 'leadline-test-teardown',
    brokers: state.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2 },
  }).admin();
  try {
    await admin.connect();
    const prefix = testTopicRunPrefix(state.runId);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__LEADLINE_TEST_STATE__;
  if (!state) return;
  globalThis.__LEADLINE_TEST_STATE__ = undefined;

  if (state.postgresVerified && state.postgresSource !== 'testcontainers') {
    try {
      const dropped = await dropDatabasesWithPrefix(state.postgresAdminUrl, testDatabasePrefix(state.runId));
      if (dropped.length > 0) warn(`dropped ${dropped.length} leftover database(s): ${dropped.join(', ')}`);
    } catch (error) {
      warn(`could not drop leftover databases: ${(error as Error).message}`);
    }
  }

  // Topics on a broker that outlives this run (environment-provided or a reused local broker).
  if (state.kafkaVerified && state.kafkaSource !== 'testcontainers') {
    try {
      await dropRunTopics(state);
    } catch (error) {
      warn(`could not delete this run's topics: ${(error as Error).message}`);
    }
  }

  await Promise.all(state.containers.map((c) => c.stop().catch((e: Error) => warn(`could not stop a container: ${e.message}`))));

  if (state.localKafkaLease) {
    try {
      await execFileAsync('bash', [LOCAL_KAFKA, 'release', state.localKafkaLease], { timeout: 120_000 });
    } catch (error) {
      warn(`could not release the local Kafka broker: ${(error as Error).message}`);
    }
  }
}
