import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { MetricsError, type MetricsErrorCode } from '@leadline/domain';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<MetricsErrorCode, HttpStatus> = {
  'invalid-spend': HttpStatus.BAD_REQUEST,
  'spend-exists': HttpStatus.CONFLICT,
  'spend-not-found': HttpStatus.NOT_FOUND,
};

/** The one place the metrics service's domain errors become HTTP answers. */
@Catch(MetricsError, ExpectedVersionConflictError)
export class MetricsErrorFilter implements ExceptionFilter {
  catch(error: MetricsError | ExpectedVersionConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof MetricsError) {
      response.status(STATUS[error.code]).json({ statusCode: STATUS[error.code], error: error.code, message: error.message });
      return;
    }
    response
      .status(HttpStatus.CONFLICT)
      .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
  }
}
