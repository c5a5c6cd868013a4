import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RoutingError, type RoutingErrorCode } from '@leadline/domain';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<RoutingErrorCode, HttpStatus> = {
  'sdr-already-registered': HttpStatus.CONFLICT,
  'sdr-not-found': HttpStatus.NOT_FOUND,
  'invalid-sdr': HttpStatus.BAD_REQUEST,
  'lead-not-assigned': HttpStatus.NOT_FOUND,
  'lead-closed': HttpStatus.CONFLICT,
  'not-the-owner': HttpStatus.FORBIDDEN,
};

/** The one place routing's domain errors become HTTP answers. */
@Catch(RoutingError, ExpectedVersionConflictError)
export class RoutingErrorFilter implements ExceptionFilter {
  catch(error: RoutingError | ExpectedVersionConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof RoutingError) {
      response.status(STATUS[error.code]).json({ statusCode: STATUS[error.code], error: error.code, message: error.message });
      return;
    }
    response
      .status(HttpStatus.CONFLICT)
      .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
  }
}
