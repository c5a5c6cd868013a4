import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevelName } from '../config';
import { REDACTED, redactPaths, scrubLine } from './log-redaction';

export interface PlatformLoggerOptions {
  /** The `service` field of every line. */
  readonly service: string;
  readonly level?: LogLevelName | 'silent';
  /** Unset: `pretty` when stdout is a terminal, else `json`. */
  readonly format?: LogFormat;
  /** Where lines go instead of stdout (tests capture them here); always JSON. */
  readonly destination?: DestinationStream;
}

const PINO_LEVELS: Readonly<Record<LogLevelName, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  info: 'info',
  debug: 'debug',
  verbose: 'trace',
  trace: 'trace',
};

/**
 * The process's logger: one JSON object per line, `{time, level, service, msg, trace_id, span_id,
 * request_id, context, …}` (the ids when there is an active span or a request), personal data and
 * credentials redacted. Nest (PlatformNestLogger), kafkajs (kafkajsLogCreator) and application code
 * all write through it.
 */
export function createPlatformLogger(options: PlatformLoggerOptions): Logger {
  const level = options.level === 'silent' ? 'silent' : PINO_LEVELS[options.level ?? 'log'];
  return pino(
    {
      level,
      base: { service: options.service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceIds,
      redact: { paths: redactPaths(), censor: REDACTED },
      hooks: { streamWrite: scrubLine },
    },
    options.destination ?? destinationFor(options.format ?? defaultLogFormat()),
  );
}

let silent: Logger | undefined;

/** A logger that writes nothing and holds no stream (an app started without one: tests). */
export function silentLogger(): Logger {
  silent ??= pino({ level: 'silent' }, { write: () => undefined });
  return silent;
}

/** LOG_FORMAT's default: readable lines for a person at a terminal, JSON for everything else. */
export function defaultLogFormat(): LogFormat {
  return process.stdout.isTTY ? 'pretty' : 'json';
}

function destinationFor(format: LogFormat): DestinationStream {
  if (format === 'json') return pino.destination(1);
  return pretty({
    colorize: Boolean(process.stdout.isTTY),
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context,trace_id,span_id,method,path,status',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
}

/** The active span's ids (none when tracing is off or nothing is traced: the API's no-op answers). */
function traceIds(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
