import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DatabaseUnavailableError } from '@leadline/event-store';

interface Reply {
  status(code: number): Reply;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/** A database that cannot be reached is a 503 with Retry-After, never a 500: the request may be sent again. */
@Catch(DatabaseUnavailableError)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  catch(error: DatabaseUnavailableError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<Reply>();
    reply.setHeader('Retry-After', '1');
    reply.status(HttpStatus.SERVICE_UNAVAILABLE).json({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      // A lost COMMIT may have taken effect: an Idempotency-Key makes the retry safe.
      message: error.commitOutcomeUnknown
        ? 'the database connection was lost while committing; retry'
        : 'the database is unavailable; retry',
    });
  }
}
