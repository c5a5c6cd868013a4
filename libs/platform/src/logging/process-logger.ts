import type { Logger } from 'pino';
import { LOG_LEVEL_NAMES, type LogLevelName } from '../config';
import { createPlatformLogger } from './platform-logger';

let current: Logger | undefined;

/** Makes `logger` the process's logger (bootstrapService and createLeadlineApp do, before anything logs). */
export function setProcessLogger(logger: Logger): void {
  current = logger;
}

/**
 * The process's logger, for what logs outside Nest's LoggerService (kafkajs). A process that set
 * none (a tool, a test) gets one at LOG_LEVEL or, unset, `warn`.
 */
export function processLogger(): Logger {
  current ??= createPlatformLogger({ service: 'leadline', level: levelFromEnvironment() });
  return current;
}

function levelFromEnvironment(): LogLevelName {
  const level = process.env['LOG_LEVEL']?.trim();
  return LOG_LEVEL_NAMES.find((name) => name === level) ?? 'warn';
}
