import { logLevel, type logCreator } from 'kafkajs';
import type { Level, Logger } from 'pino';

const PINO_LEVEL_OF: Readonly<Record<logLevel, Level | undefined>> = {
  [logLevel.NOTHING]: undefined,
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  // kafkajs's debug is protocol-level (every request): the platform's trace.
  [logLevel.DEBUG]: 'trace',
};

/** The kafkajs threshold matching the logger's: kafkajs does not build entries pino would drop. */
export function kafkajsLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('trace')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

/**
 * kafkajs entries as lines of the platform's logger: `context: "Kafka"`, the message as `msg`, the
 * kafkajs namespace and fields (broker, clientId, groupId, error, …) under `kafka`. `logger` is asked
 * per entry, so a client made before the process's logger was set still ends up in it.
 */
export function kafkajsLogCreator(logger: () => Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const pinoLevel = PINO_LEVEL_OF[level];
      if (!pinoLevel) return;
      const { message, timestamp: _timestamp, logger: _origin, ...fields } = log;
      logger()[pinoLevel]({ context: 'Kafka', kafka: { namespace, ...fields } }, message);
    };
}
