import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, from, mergeMap, of, switchMap, throwError, type Observable } from 'rxjs';
import { IdempotencyStore, type IdempotencyRecordId } from './idempotency.store';
import { requestHash } from './request-hash';

/** 1 to 200 printable ASCII characters (RFC 8941 string, as the Idempotency-Key draft asks). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Reads are safe to repeat as they are: the header means nothing on them. */
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Set on an answer that was given before for the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

interface HttpRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
  readonly query?: unknown;
  /** Set by an authentication guard, when one runs. */
  readonly user?: { readonly id?: unknown; readonly sub?: unknown };
  idempotencyScope?: string;
}

interface HttpResponse {
  statusCode: number;
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** Who sent the request: the authenticated principal when a guard set one, else one shared anonymous caller. */
export function callerOf(request: Pick<HttpRequest, 'user'>): string {
  const id = request.user?.id ?? request.user?.sub;
  return typeof id === 'string' || typeof id === 'number' ? `user:${id}` : 'anonymous';
}

/**
 * The Idempotency-Key header on a command route (`@Idempotent()`): the first request with a key
 * runs and its answer (status and body) is kept; a retry with the same key and the same request
 * gets that answer and runs nothing; the same key with another body is 422; a retry while the
 * first is still running is 409. A failed command keeps nothing, so its retry runs again.
 * Without the header the route behaves as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined || !COMMAND_METHODS.has(request.method)) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['Idempotency-Key must be 1 to 200 printable ASCII characters'],
        errors: [{ field: 'Idempotency-Key', messages: ['must be 1 to 200 printable ASCII characters'] }],
      });
    }
    const id: IdempotencyRecordId = { route: `${request.method} ${request.originalUrl.split('?')[0]}`, caller: callerOf(request), key };
    const hash = requestHash({ body: request.body ?? null, query: request.query ?? {} });
    return from(this.keys.claim(id, hash)).pipe(
      switchMap((claim) => {
        switch (claim.kind) {
          case 'replay':
            response.status(claim.statusCode);
            response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
            return of(claim.body ?? undefined);
          case 'reused-with-another-request':
            throw new UnprocessableEntityException({
              statusCode: 422,
              error: 'idempotency-key-reused',
              message: 'this Idempotency-Key was used before with a different request',
            });
          case 'in-flight':
            throw new ConflictException({
              statusCode: 409,
              error: 'idempotency-key-in-flight',
              message: 'a request with this Idempotency-Key is still being processed; retry later',
            });
          case 'execute':
            request.idempotencyScope = scopeOf(id);
            return next.handle().pipe(
              mergeMap(async (body: unknown) => {
                await this.keys.complete(id, response.statusCode, body);
                return body;
              }),
              catchError((error: unknown) =>
                from(this.keys.release(id).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error))),
              ),
            );
        }
      }),
    );
  }
}

/** A stable name for one idempotent request (route, caller, key): derive the ids a command writes from it. */
export function scopeOf(id: IdempotencyRecordId): string {
  return `idempotency/${createHash('sha256').update(`${id.route}\n${id.caller}\n${id.key}`).digest('hex')}`;
}
