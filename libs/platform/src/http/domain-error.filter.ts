import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter, type Type } from '@nestjs/common';
import { ExpectedVersionConflictError } from '@leadline/event-store';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** A domain's error: a class whose instances carry one of its codes. */
type DomainErrorType<Code extends string> = abstract new (...args: never[]) => Error & { readonly code: Code };

/**
 * The one place a domain's errors become HTTP answers, `{ statusCode, error: code, message }`: the
 * status of every code is given (the compiler checks none is missing), and a write that lost a race
 * (ExpectedVersionConflictError) is a 409 to retry.
 */
export function domainErrorFilter<Code extends string>(
  errorType: DomainErrorType<Code>,
  statusOf: Readonly<Record<Code, HttpStatus>>,
): Type<ExceptionFilter> & { readonly statusOf: Readonly<Record<Code, HttpStatus>> } {
  @Catch(errorType, ExpectedVersionConflictError)
  class DomainErrorFilter implements ExceptionFilter {
    /** Read by ApiDomainErrors to document the codes in the OpenAPI document. */
    static readonly statusOf = statusOf;

    catch(error: Error & { readonly code?: Code }, host: ArgumentsHost): void {
      const response = host.switchToHttp().getResponse<JsonResponse>();
      if (error instanceof errorType) {
        const status = statusOf[error.code];
        response.status(status).json({ statusCode: status, error: error.code, message: error.message });
        return;
      }
      response
        .status(HttpStatus.CONFLICT)
        .json({ statusCode: HttpStatus.CONFLICT, error: 'concurrent-change', message: 'changed concurrently; retry' });
    }
  }
  return DomainErrorFilter;
}
