export { createPlatformLogger, defaultLogFormat, silentLogger, type PlatformLoggerOptions } from './platform-logger';
export { PlatformNestLogger } from './nest-logger';
export { kafkajsLogCreator, kafkajsLevelFor } from './kafkajs-log-creator';
export { processLogger, setProcessLogger } from './process-logger';
export { logOutcomeAt, requestLogging, requestLogger, REQUEST_ID_HEADER } from './request-logging';
export { REDACTED, REDACTED_FIELDS, redactPaths, scrubLine } from './log-redaction';
