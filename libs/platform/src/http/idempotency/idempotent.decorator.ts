import { applyDecorators, createParamDecorator, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a command route a client may retry: it accepts an `Idempotency-Key` header (declared in
 * the OpenAPI document with its 409 and 422 answers) handled by the platform's IdempotencyInterceptor.
 */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 200 printable ASCII characters, unique per intended request. A retry with the same key and request gets the first ' +
        'answer (header `Idempotent-Replayed: true`) and changes nothing; keys are kept 24 hours, per route and caller.',
    }),
    ApiErrors(
      [409, '`idempotency-key-in-flight`: a request with this key is still running; retry later.'],
      [422, '`idempotency-key-reused`: this key came before with a different request.'],
    ),
  );
}

/**
 * The stable name of the current idempotent request (undefined without an Idempotency-Key): a
 * handler derives the ids it writes from it, so even a run repeated after a crash writes nothing twice.
 */
export const IdempotencyScope = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<{ idempotencyScope?: string }>().idempotencyScope,
);
