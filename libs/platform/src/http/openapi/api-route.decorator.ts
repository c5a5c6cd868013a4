import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiErrors, type ApiError } from './api-errors.decorator';

/** The OpenAPI extension on an operation that has no error answer of its own (liveness), saying why. */
export const NEVER_FAILS_EXTENSION = 'x-leadline-never-fails';

export interface ApiRouteOptions {
  readonly summary: string;
  readonly description?: string;
  /** The success answer's schema: a DTO class, `[Dto]` for an array of them, or a schema object. */
  readonly ok: Type<unknown> | [Type<unknown>] | SchemaObject;
  /** The success status (200 unless the route sets @HttpCode). */
  readonly status?: 200 | 201 | 202;
  /** What the success answer means (default: the status's name). */
  readonly okDescription?: string;
  /** An example of the success answer, when the DTO's property examples do not make one. */
  readonly example?: unknown;
  /** The route's own error answers (401 and 403 come with @Roles, a controller's domain codes with @ApiDomainErrors). */
  readonly errors?: readonly ApiError[];
  /** Why the route has no error answer at all (liveness); instead of `errors`. */
  readonly neverFails?: string;
}

const SUCCESS = { 200: 'OK', 201: 'Created', 202: 'Accepted' } as const;

/** A route's OpenAPI contract in one place: what it does, what it answers on success, and its errors. */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  const status = options.status ?? 200;
  const success = {
    status,
    description: options.okDescription ?? SUCCESS[status],
    ...(options.example === undefined ? {} : { example: options.example }),
  };
  const ok = options.ok;
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    typeof ok === 'function'
      ? ApiResponse({ ...success, type: ok })
      : Array.isArray(ok)
        ? ApiResponse({ ...success, type: ok[0], isArray: true })
        : ApiResponse({ ...success, schema: ok }),
    ApiErrors(...(options.errors ?? [])),
    ...(options.neverFails ? [ApiExtension(NEVER_FAILS_EXTENSION, options.neverFails)] : []),
  );
}
