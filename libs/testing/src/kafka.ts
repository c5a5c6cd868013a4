import { Kafka, logLevel, type ITopicConfig } from 'kafkajs';
import { currentRunId, randomSuffix, sanitizeLabel, testInfra } from './infra';

/** The prefix of every topic created in a run (used by the global teardown to clean up). */
export function testTopicRunPrefix(runId: string): string {
  return `ll-${sanitizeLabel(runId, '-', 20)}-`;
}

/**
 * `ll-<runId>-<label>-<random>.`: prefix every topic (and consumer group) of a test file with it
 * so runs and test files never collide on a shared broker.
 */
export function uniqueTopicPrefix(label: string): string {
  return `${testTopicRunPrefix(currentRunId())}${sanitizeLabel(label, '-', 60)}-${randomSuffix(6)}.`;
}

/** A kafkajs client on the test brokers, logging only errors. */
export function testKafka(clientId = 'leadline-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: testInfra().kafkaBrokers,
    logLevel: logLevel.ERROR,
    retry: { retries: 8, initialRetryTime: 100 },
  });
}

/** Creates topics up front (waiting for their leaders); 3 partitions unless given. */
export async function createTestTopics(
  topics: Array<string | ITopicConfig>,
  kafka: Kafka = testKafka('leadline-test-admin'),
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => (typeof t === 'string' ? { topic: t, numPartitions: 3 } : t)),
    });
  } finally {
    await admin.disconnect();
  }
}
