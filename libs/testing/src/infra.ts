/**
 * The test infrastructure chosen by the jest global setup (tools/test/global-setup.ts) is
 * handed to the workers through environment variables; these helpers read them back.
 */
export interface TestInfra {
  /** Admin URL of a PostgreSQL server on which tests may create and drop databases. */
  postgresAdminUrl: string;
  /** Kafka bootstrap brokers, e.g. ["127.0.0.1:19092"]. */
  kafkaBrokers: string[];
  /** Short lowercase id of this test run; every database/topic a test creates carries it. */
  runId: string;
}

export const TEST_ENV = {
  postgresAdminUrl: 'LEADLINE_TEST_PG_ADMIN_URL',
  kafkaBrokers: 'LEADLINE_TEST_KAFKA_BROKERS',
  runId: 'LEADLINE_TEST_RUN_ID',
} as const;

/** Returns the infrastructure of this run; throws a clear error when the global setup did not run. */
export function testInfra(): TestInfra {
  const postgresAdminUrl = process.env[TEST_ENV.postgresAdminUrl]?.trim();
  const brokers = process.env[TEST_ENV.kafkaBrokers]?.trim();
  const runId = process.env[TEST_ENV.runId]?.trim();
  const missing = [!postgresAdminUrl && TEST_ENV.postgresAdminUrl, !brokers && TEST_ENV.kafkaBrokers, !runId && TEST_ENV.runId].filter(
    Boolean,
  );
  if (missing.length > 0 || !postgresAdminUrl || !brokers || !runId) {
    throw new Error(
      `Test infrastructure is not configured: ${missing.join(', ')} not set. ` +
        'Integration tests must run in the jest "integration" project, whose globalSetup ' +
        '(tools/test/global-setup.ts) provides PostgreSQL and Kafka: ' +
        '`npx jest --selectProjects integration <path>` (or `npm test`).',
    );
  }
  const kafkaBrokers = brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  return { postgresAdminUrl, kafkaBrokers, runId };
}

let localRunId: string | undefined;

/** The run id when the global setup provided one, else a per-process id (for unit tests). */
export function currentRunId(): string {
  const fromEnv = process.env[TEST_ENV.runId]?.trim();
  if (fromEnv) return fromEnv;
  localRunId ??= newRunId();
  return localRunId;
}

/** A short, lowercase, time-ordered id: base36 time + random, e.g. "mi9x2k4f7q". */
export function newRunId(): string {
  return Date.now().toString(36).slice(-6) + randomSuffix(4);
}

/** `length` random lowercase base36 characters. */
export function randomSuffix(length = 6): string {
  let s = '';
  while (s.length < length) s += Math.random().toString(36).slice(2);
  return s.slice(0, length);
}

/** Lowercase, only [a-z0-9] and the given separator, no leading/trailing/double separators. */
export function sanitizeLabel(label: string, separator: '_' | '-' = '_', maxLength = 40): string {
  const cleaned = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .split(separator)
    .filter((part) => part.length > 0)
    .join(separator)
    .slice(0, maxLength)
    .replace(new RegExp(`\\${separator}+$`), '');
  return cleaned || 'x';
}
