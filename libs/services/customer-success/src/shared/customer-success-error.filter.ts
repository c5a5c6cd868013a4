import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { CustomerSuccessError, type CustomerSuccessErrorCode } from '@leadline/domain';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<CustomerSuccessErrorCode, HttpStatus> = {
  'invalid-manager': HttpStatus.BAD_REQUEST,
  'manager-already-registered': HttpStatus.CONFLICT,
  'customer-not-found': HttpStatus.NOT_FOUND,
  'customer-exists': HttpStatus.CONFLICT,
  'customer-churned': HttpStatus.CONFLICT,
  'already-onboarded': HttpStatus.CONFLICT,
  'invalid-renewal': HttpStatus.BAD_REQUEST,
  'upsell-not-found': HttpStatus.NOT_FOUND,
  'upsell-exists': HttpStatus.CONFLICT,
  'upsell-closed': HttpStatus.CONFLICT,
  'invalid-upsell': HttpStatus.BAD_REQUEST,
};

/** The one place customer-success's domain errors become HTTP answers. */
@Catch(CustomerSuccessError, ExpectedVersionConflictError)
export class CustomerSuccessErrorFilter implements ExceptionFilter {
  catch(error: CustomerSuccessError | ExpectedVersionConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof CustomerSuccessError) {
      response.status(STATUS[error.code]).json({ statusCode: STATUS[error.code], error: error.code, message: error.message });
      return;
    }
    response
      .status(HttpStatus.CONFLICT)
      .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
  }
}
