import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, type ApiError } from './api-errors.decorator';

export interface ApiRouteOptions {
  readonly summary: string;
  readonly description?: string;
  /** The success answer's schema: a DTO class (`[Dto]` for an array of them). */
  readonly ok: Type<unknown> | [Type<unknown>];
  /** The success status (200 unless the route sets @HttpCode). */
  readonly status?: 200 | 201 | 202;
  /** What the success answer means (default: the status's name). */
  readonly okDescription?: string;
  /** An example of the success answer, when the DTO's property examples do not make one. */
  readonly example?: unknown;
  /** The route's own error answers (401 and 403 come with @Roles, a controller's domain codes with @ApiDomainErrors). */
  readonly errors?: readonly ApiError[];
}

const SUCCESS = { 200: 'OK', 201: 'Created', 202: 'Accepted' } as const;

/** A route's OpenAPI contract in one place: what it does, what it answers on success, and its errors. */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  const [type, isArray] = Array.isArray(options.ok) ? [options.ok[0], true] : [options.ok, false];
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiResponse({
      status: options.status ?? 200,
      description: options.okDescription ?? SUCCESS[options.status ?? 200],
      type,
      isArray,
      ...(options.example === undefined ? {} : { example: options.example }),
    }),
    ApiErrors(...(options.errors ?? [])),
  );
}
