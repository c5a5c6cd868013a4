import {
  applyDecorators,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { oldestUnhandledSeconds, runOffTheLine, type SqlDatabase } from '@leadline/event-store';
import type { PlatformConfig } from '../../config';
import { PLATFORM_CONFIG, SQL_DATABASE } from '../../platform.tokens';
import { EventLogServer } from '../../reactions/event-log.server';
import { ErrorResponseDto } from '../openapi/error-response.dto';

/** A sample this recent decides alone; an older one is refreshed in the background while it still decides. */
const FRESH_MS = 250;
/** A sample older than this (the first request after a quiet spell) is refreshed before it decides. */
const STALE_MS = 1_000;
/** The longest Retry-After the backlog answers with. */
const MAX_RETRY_AFTER_S = 30;

export type BacklogVerdict = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterSeconds: number };

/** What GET /status reports of the intake backlog bound. */
export interface IntakeBacklogStatus {
  /** INTAKE_MAX_BACKLOG_SECONDS; null when off. */
  readonly maxBacklogSeconds: number | null;
  /** The age of the oldest event the reactions have yet to handle at the last sample; null before the first. */
  readonly backlogSeconds: number | null;
  /** Intake requests answered 503 for the backlog since start. */
  readonly refused: number;
}

/**
 * Overload between services is answered, not queued: while the oldest event this process's reactions
 * (its store processors and, embedded, every subscription of the line) have yet to handle is older than
 * INTAKE_MAX_BACKLOG_SECONDS, the intake routes answer 503 with Retry-After and write nothing, so the
 * leads accepted keep a bounded capture → assigned time instead of queueing behind a backlog that grows
 * for as long as the overload lasts. The backlog is sampled with one statement, at most every 250 ms and
 * only when intake requests come (no timer: idle costs nothing), as work off the line; a failed sample
 * admits (the request meets the database itself).
 */
@Injectable()
export class IntakeBacklog {
  private readonly log = new Logger('IntakeBacklog');
  private sampled?: { readonly at: number; readonly seconds: number };
  private sampling?: Promise<void>;
  private refusals = 0;
  private failing = false;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly reactions: EventLogServer,
  ) {}

  private get maxSeconds(): number | undefined {
    return this.config.http.intakeMaxBacklogSeconds;
  }

  status(): IntakeBacklogStatus {
    return { maxBacklogSeconds: this.maxSeconds ?? null, backlogSeconds: this.sampled?.seconds ?? null, refused: this.refusals };
  }

  /** Whether an intake request may go on; if not, the Retry-After: the backlog's age beyond the bound, 1 to 30 s. */
  async check(): Promise<BacklogVerdict> {
    const max = this.maxSeconds;
    if (max === undefined) return { admitted: true };
    const age = this.sampled ? Date.now() - this.sampled.at : Infinity;
    // Only a request with no recent figure waits for one; while a sample is under way (it may queue behind
    // the line's own statements on a busy database) the others decide with the last one.
    if (age > STALE_MS && !(this.sampling && this.sampled)) await this.sample();
    else if (age > FRESH_MS) void this.sample();
    const seconds = this.sampled?.seconds ?? 0;
    if (seconds <= max) return { admitted: true };
    this.refusals += 1;
    return { admitted: false, retryAfterSeconds: Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(seconds - max))) };
  }

  /** Reads the backlog now (one sample at a time; callers meanwhile share it). */
  sample(): Promise<void> {
    this.sampling ??= this.read().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async read(): Promise<void> {
    const at = Date.now();
    const processors = this.reactions.storeProcessors().map((processor) => ({ id: processor.id, filter: processor.filter }));
    try {
      // Off the line on PGlite's one connection (runOffTheLine): the line's hops and captures go first, so a sample
      // delays none of them; meanwhile requests decide with the last sample.
      this.sampled = { at, seconds: await runOffTheLine(() => oldestUnhandledSeconds(this.db, processors)) };
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.warn(`Backlog unknown, intake admitted: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
      this.sampled = undefined;
    }
  }
}

/** Answers 503 with Retry-After on an intake route while the line's backlog is over its bound (IntakeBacklog). */
@Injectable()
export class IntakeBacklogGuard implements CanActivate {
  constructor(private readonly backlog: IntakeBacklog) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const verdict = await this.backlog.check();
    if (verdict.admitted) return true;
    context.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new ServiceUnavailableException({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: 'The lead line is behind its backlog bound; nothing was written: send the request again after Retry-After seconds.',
    });
  }
}

/** Marks an intake route: answered 503 with Retry-After while the line's backlog is over INTAKE_MAX_BACKLOG_SECONDS. */
export const IntakeBacklogLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(IntakeBacklogGuard),
    ApiResponse({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      description:
        'The line is behind (its oldest unhandled event is older than INTAKE_MAX_BACKLOG_SECONDS), the database is ' +
        'unavailable or the process is shutting down: nothing was written; retry after Retry-After seconds',
      type: ErrorResponseDto,
      headers: { 'Retry-After': { description: 'Seconds to wait before sending again', schema: { type: 'integer' } } },
    }),
  );
