import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { captureAppendContext, DatabaseUnavailableError, type AppendContext } from '@leadline/event-store';
import { captureGroupBound, type LeadIntakeConfig } from '../lead-intake.config';
import { LEAD_INTAKE_CONFIG } from '../lead-intake.tokens';
import { CaptureLeadHandler, type CaptureOutcome, type CaptureRequest } from './capture-lead.handler';

interface Waiting {
  readonly request: CaptureRequest;
  /** The request's trace context and actor, stamped on its events. */
  readonly context: AppendContext;
  /** The request's own async context (actor, trace, request id of its log lines), to run its capture in alone. */
  readonly inRequest: AsyncResource;
  readonly resolve: (outcome: CaptureOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for `POST /leads`: one capture transaction at a time per process; the requests that arrive while it
 * is open wait, and the next transaction decides up to INTAKE_CAPTURE_GROUP_MAX of them in arrival order through
 * `captureAll` (one lock statement, one read of answers and claims, one append, one commit). A request that finds
 * no transaction open starts one at once: no linger, a group forms only under concurrency.
 *
 * Each request keeps its own answer, events and trace: its events carry its request's trace context and actor;
 * two requests with one Idempotency-Key never share a group (the second waits for the first's commit and gets its
 * answer, or 422 for another body); a second capture of a person in the group is a duplicate of the first's lead,
 * as when one commits before the other. When a group's transaction fails for any reason but the database being
 * unavailable (one request's 422, a version conflict, a constraint), nothing of it was written and each of its
 * requests runs again in a transaction of its own, concurrently, as without grouping: each gets its own outcome,
 * never another's error. The database unavailable (also when its COMMIT's outcome is unknown) is every request's
 * 503: nothing is run twice.
 */
@Injectable()
export class CaptureGroups {
  private readonly log = new Logger('CaptureGroups');
  private readonly waiting: Waiting[] = [];
  private open = false;
  /** Made at start, outside any request: a group runs in no request's async context (actor, trace, request id). */
  private readonly detached = new AsyncResource('lead-intake.capture-groups');
  /** Most captures in one transaction (INTAKE_CAPTURE_GROUP_MAX, or its default). */
  private readonly max: number;

  constructor(
    private readonly handler: CaptureLeadHandler,
    @Inject(LEAD_INTAKE_CONFIG) config: LeadIntakeConfig,
  ) {
    this.max = captureGroupBound(config);
  }

  /** Requests waiting for the next group's transaction. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  capture(request: CaptureRequest): Promise<CaptureOutcome> {
    if (this.max <= 1) return this.handler.capture(request);
    return new Promise<CaptureOutcome>((resolve, reject) => {
      // A resource, not AsyncResource.bind: bind also defines two deprecated accessors on each function it makes
      // (~1 % of lead-intake's CPU at 400 leads/s, a V8 profile found).
      const inRequest = new AsyncResource('lead-intake.capture');
      this.waiting.push({ request, context: captureAppendContext(), inRequest, resolve, reject });
      if (this.open) return;
      this.open = true;
      this.detached.runInAsyncScope(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.run(this.nextGroup());
    } finally {
      this.open = false;
    }
  }

  /** The first waiting requests in arrival order, up to the bound, at most one per Idempotency-Key (the others wait). */
  private nextGroup(): Waiting[] {
    const group: Waiting[] = [];
    const later: Waiting[] = [];
    const keys = new Set<string>();
    for (const waiting of this.waiting) {
      const key = waiting.request.idempotency?.key;
      if (group.length >= this.max || (key !== undefined && keys.has(key))) {
        later.push(waiting);
        continue;
      }
      if (key !== undefined) keys.add(key);
      group.push(waiting);
    }
    this.waiting.splice(0, this.waiting.length, ...later);
    return group;
  }

  private async run(group: readonly Waiting[]): Promise<void> {
    // Alone, the request is captured exactly as without grouping, in its own context.
    if (group.length === 1) return this.alone(group[0]);
    let outcomes: CaptureOutcome[];
    try {
      outcomes = await inGroupSpan(group, () => this.handler.captureAll(group.map((w) => ({ ...w.request, context: w.context }))));
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      // Rolled back: nothing of the group was written. Names and codes only: a constraint's detail may hold values.
      const code = (error as { code?: unknown }).code;
      this.log.debug(
        `A group of ${group.length} captures failed (${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''}): each again on its own`,
      );
      await Promise.all(group.map((waiting) => this.alone(waiting)));
      return;
    }
    group.forEach((waiting, i) => waiting.resolve(outcomes[i]));
  }

  private alone(waiting: Waiting): Promise<void> {
    return waiting.inRequest.runInAsyncScope(() => this.handler.capture(waiting.request)).then(waiting.resolve, waiting.reject);
  }
}

/** A group's shared work in one span: a child of its first request's trace, linked to every request's. */
function inGroupSpan<T>(group: readonly Waiting[], work: () => Promise<T>): Promise<T> {
  const links: Link[] = [];
  for (const { context } of group) {
    const linked = trace.getSpanContext(context.trace);
    if (linked) links.push({ context: linked });
  }
  const options = { kind: SpanKind.INTERNAL, links, attributes: { 'leadline.capture.count': group.length } };
  // The tracer of the SDK registered now (looked up per group: a test may register one after start).
  return trace.getTracer('@leadline/lead-intake').startActiveSpan('capture group', options, group[0].context.trace, async (span) => {
    try {
      return await work();
    } catch (error) {
      // Each request's own span records what it was answered (the group's requests run again on their own).
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : undefined });
      throw error;
    } finally {
      span.end();
    }
  });
}
