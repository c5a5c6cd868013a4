export { testInfra, currentRunId, newRunId, randomSuffix, sanitizeLabel, TEST_ENV, type TestInfra } from './infra';
export {
  createTestDatabase,
  terminateConnections,
  allowConnections,
  dropDatabase,
  dropDatabasesWithPrefix,
  databaseUrl,
  testDatabasePrefix,
  type TestDatabase,
} from './database';
export { createTempDir, type TempDir } from './temp-dir';
export { freshStoreLocation, DRIVERS, type Driver, type StoreLocation } from './store-location';
export { uniqueTopicPrefix, testTopicRunPrefix, testKafka, createTestTopics } from './kafka';
export { waitFor, type WaitForOptions } from './wait-for';
export {
  runTs,
  runNode,
  runCommand,
  argumentsOf,
  environmentOf,
  waitForExit,
  waitForOutput,
  killIfRunning,
  freePort,
  type TsProcess,
} from './process';
export { startSmtpServer, startWebhookReceiver, type ReceivedMail, type ReceivedHook } from './notification-receivers';
export { ndjson } from './ndjson';
export { recordSpans, type SpanRecorder } from './tracing';
export { scrapePrometheus, parsePrometheusText, samplesOf, type MetricFamily, type MetricSample } from './prometheus';
export { startOtlpReceiver, unparentedSpans, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
export { CapturedLines } from './captured-lines';
export { pgWireProxy, type PgWireProxy } from './pg-wire-proxy';
export { inboundLead, inboundSdr, rosterSdr, type LeadNames } from './lead-fixtures';
