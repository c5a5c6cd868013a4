import {
  applyDecorators,
  HttpException,
  HttpStatus,
  Injectable,
  UseGuards,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../openapi/error-response.dto';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { HttpEdgeConfig } from '../../config';

/** Who a request was authenticated as (an API key's id or a token's subject), when the auth guard put it on the request. */
interface Caller {
  readonly kind?: string;
  readonly id?: string;
}

interface ClientRequest extends Record<string, unknown> {
  readonly ip?: string;
  readonly principal?: Caller;
  readonly user?: Caller;
}

/**
 * One budget per client across the intake routes (POST /leads, POST /lists): per authenticated
 * caller (API key or token subject) and client address (IPv6 by /64) together, so a web form's one
 * intake key gives every visitor their own budget and an integration's key on one host shares one;
 * the address alone when unauthenticated. Beyond it: 429 with Retry-After (seconds) and nothing is
 * written; counted per process.
 */
@Injectable()
export class IntakeRateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: ClientRequest): Promise<string> {
    const caller = req.principal ?? req.user;
    const address = await super.getTracker(req);
    if (typeof caller?.id === 'string' && caller.id !== '') return `${caller.kind ?? 'caller'}:${caller.id}@${address}`;
    return `address:${address}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `intake:${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: [
          `this client sent more than ${detail.limit} intake requests in ${detail.ttl / 1000} s; ` +
            `retry after ${detail.timeToBlockExpire} s (Retry-After)`,
        ],
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The throttler the intake guard counts with, from INTAKE_RATE_LIMIT / INTAKE_RATE_WINDOW_SECONDS (0: not limited). */
export function intakeThrottlerModule(http: HttpEdgeConfig): DynamicModule {
  const rate = http.intakeRateLimit;
  return ThrottlerModule.forRoot({
    // Named 'default' so the headers are the standard Retry-After and X-RateLimit-*.
    throttlers: [{ name: 'default', limit: rate?.limit ?? 1, ttl: (rate?.windowSeconds ?? 1) * 1000 }],
    skipIf: () => rate === undefined,
  });
}

/** Marks an intake route: counted against the caller's intake budget, answered 429 beyond it. */
export const IntakeRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(IntakeRateLimitGuard),
    ApiResponse({
      status: HttpStatus.TOO_MANY_REQUESTS,
      description: 'Over the intake rate limit (INTAKE_RATE_LIMIT per INTAKE_RATE_WINDOW_SECONDS): nothing was written',
      type: ErrorResponseDto,
      headers: { 'Retry-After': { description: 'Seconds until this client may send again', schema: { type: 'integer' } } },
    }),
  );
