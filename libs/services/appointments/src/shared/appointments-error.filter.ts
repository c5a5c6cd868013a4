import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppointmentsError, type AppointmentsErrorCode } from '@leadline/domain';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<AppointmentsErrorCode, HttpStatus> = {
  'ae-already-registered': HttpStatus.CONFLICT,
  'ae-not-found': HttpStatus.NOT_FOUND,
  'invalid-ae': HttpStatus.BAD_REQUEST,
  'invalid-request': HttpStatus.BAD_REQUEST,
  'lead-not-qualified': HttpStatus.UNPROCESSABLE_ENTITY,
  'lead-already-booked': HttpStatus.CONFLICT,
  'no-fair-slot': HttpStatus.CONFLICT,
  'appointment-not-found': HttpStatus.NOT_FOUND,
  'appointment-closed': HttpStatus.CONFLICT,
};

/** The one place the booking rules' errors become HTTP answers. */
@Catch(AppointmentsError, ExpectedVersionConflictError)
export class AppointmentsErrorFilter implements ExceptionFilter {
  catch(error: AppointmentsError | ExpectedVersionConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof AppointmentsError) {
      response.status(STATUS[error.code]).json({ statusCode: STATUS[error.code], error: error.code, message: error.message });
      return;
    }
    response
      .status(HttpStatus.CONFLICT)
      .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
  }
}
