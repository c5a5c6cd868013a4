import { Logger as NestjsPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestLogger } from './request-logging';

/**
 * Nest's start-up narrative (module wiring, every mapped route, "application started"): at debug,
 * so LOG_LEVEL=debug shows it and the default does not.
 */
const WIRING_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/** nestjs-pino's PinoLogger on a given root (not its process-wide first one), request-scoped inside a request. */
class RootBoundPinoLogger extends PinoLogger {
  constructor(private readonly root: Logger) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): Logger {
    return requestLogger() ?? this.root;
  }
}

/** The LoggerService Nest and `new Logger(context)` in application code write through (app.useLogger). */
export class PlatformNestLogger extends NestjsPinoLogger {
  constructor(root: Logger) {
    super(new RootBoundPinoLogger(root), {});
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
