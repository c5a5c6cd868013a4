import { applyDecorators, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

/** The error statuses Leadline answers with: the `error` each carries when nothing more specific applies, a description, an example message. */
const REASONS = {
  400: ['Bad Request', 'The request does not validate: `message` lists each problem.', ['email must be an email']],
  401: ['Unauthorized', 'No credentials, or an unknown, revoked or expired key or token.', 'an API key or bearer token is required'],
  403: ['Forbidden', 'Authenticated without a role (or an assignment) this route needs.', 'needs one of the roles admin, sales-ops'],
  404: ['Not Found', 'Nothing with this id.', 'not found'],
  409: ['concurrent-change', 'Conflicts with the current state (or changed concurrently: retry).', 'changed concurrently; retry'],
  410: ['Gone', 'Gone for good.', 'gone'],
  413: ['Payload Too Large', 'The body is over the size limit.', 'request entity too large'],
  422: ['Unprocessable Entity', 'Well-formed but not acceptable in the current state.', 'not acceptable in the current state'],
  429: ['Too Many Requests', 'Over the rate limit; retry after `Retry-After` seconds.', 'too many requests; retry after 12 s'],
  500: ['Internal Server Error', 'An unexpected failure (logged); the body may omit `error`.', 'Internal server error'],
  503: ['Service Unavailable', 'The database is unavailable or the process is shutting down; retry.', 'the database is unavailable; retry'],
} as const;

export type ErrorStatus = keyof typeof REASONS;
/** A status (with its generic description), or a status with what it means on this route. */
export type ApiError = ErrorStatus | readonly [ErrorStatus, string];

/** One error response in the shared ErrorResponseDto shape, with an example answer. */
export function errorResponse(
  status: ErrorStatus,
  description: string,
  error: string = REASONS[status][0],
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    type: ErrorResponseDto,
    example: { statusCode: status, error, message: REASONS[status][2] },
  });
}

/** The route's (or controller's) error answers, all in the shared ErrorResponseDto shape. */
export function ApiErrors(...errors: readonly ApiError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((entry) => {
      const [status, description] = typeof entry === 'number' ? [entry, REASONS[entry][1]] : entry;
      return errorResponse(status, description);
    }),
  );
}

/** A domain-error filter's codes and their statuses (what domainErrorFilter builds). */
export interface DomainErrorStatuses {
  readonly statusOf: Readonly<Record<string, number>>;
}

/**
 * A controller's domain errors, read from the filter it uses: on each of its routes, per status, the
 * codes the answer may carry (a write that lost a race, `concurrent-change`, is one of the 409s). A
 * read (GET) only fails to find (404). Declared on the routes themselves, so a route's own 409 or 422
 * (an Idempotency-Key's) is merged with these rather than replaced.
 */
export function ApiDomainErrors(filter: DomainErrorStatuses): ClassDecorator {
  const codesByStatus = new Map<ErrorStatus, string[]>([[409, ['concurrent-change']]]);
  for (const [code, status] of Object.entries(filter.statusOf)) {
    codesByStatus.set(status as ErrorStatus, [...(codesByStatus.get(status as ErrorStatus) ?? []), code]);
  }
  const responses = [...codesByStatus].map(([status, codes]) => ({
    status,
    decorator: errorResponse(status, `\`error\` is one of: ${codes.map((code) => `\`${code}\``).join(', ')}.`, codes[0]),
  }));
  return (target) => {
    const prototype = target.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const method = descriptor && (Reflect.getMetadata(METHOD_METADATA, descriptor.value as object) as RequestMethod | undefined);
      if (method === undefined || !descriptor) continue;
      for (const { status, decorator } of responses) {
        if (method !== RequestMethod.GET || status === 404) decorator(prototype, name, descriptor);
      }
    }
  };
}
