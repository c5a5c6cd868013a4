import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdmissionSettings, PlatformConfig } from '../../config';
import { PLATFORM_CONFIG } from '../../platform.tokens';
import { answerUnavailable, isProbe, onceAnswered } from '../unavailable';

const REFUSAL = 'This instance is at capacity; send the request again after Retry-After seconds.';

interface Waiting {
  readonly admit: () => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Admission control at the HTTP edge: at most `maxInFlight` requests are handled at once; the next
 * `maxQueued` wait for a slot, each at most `maxQueueWaitMs`; any other is answered at once with 503
 * and `Retry-After` (nothing of it read or written). So past capacity a client is told to come back
 * within a bounded time instead of waiting in an unbounded queue until its connection gives up, and
 * every request that was admitted runs to its end.
 */
@Injectable()
export class AdmissionGate {
  private inFlight = 0;
  private readonly queue: Waiting[] = [];
  private refusals = 0;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  private get settings(): AdmissionSettings | undefined {
    return this.config.http.admission;
  }

  /** Requests refused since start. */
  get refused(): number {
    return this.refusals;
  }

  /** Requests admitted and not yet answered. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Requests waiting for a slot. */
  get requestsQueued(): number {
    return this.queue.length;
  }

  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const settings = this.settings;
    // A saturated process must still say it is alive (and not ready is the drain's call).
    if (!settings || isProbe(request)) return next();
    if (this.inFlight < settings.maxInFlight) return this.admit(response, next);
    if (this.queue.length >= settings.maxQueued) return this.refuse(response, settings);
    const waiting: Waiting = {
      admit: () => {
        clearTimeout(waiting.timer);
        response.off('close', gaveUp);
        this.admit(response, next);
      },
      timer: setTimeout(() => {
        this.leaveQueue(waiting);
        response.off('close', gaveUp);
        this.refuse(response, settings);
      }, settings.maxQueueWaitMs),
    };
    // A client that hangs up while waiting gives its place up.
    const gaveUp = () => {
      clearTimeout(waiting.timer);
      this.leaveQueue(waiting);
    };
    response.once('close', gaveUp);
    this.queue.push(waiting);
  };

  private admit(response: ServerResponse, next: () => void): void {
    this.inFlight += 1;
    onceAnswered(response, () => {
      this.inFlight -= 1;
      this.queue.shift()?.admit();
    });
    next();
  }

  private refuse(response: ServerResponse, settings: AdmissionSettings): void {
    this.refusals += 1;
    if (response.headersSent || response.destroyed) return;
    answerUnavailable(response, settings.retryAfterSeconds, REFUSAL);
  }

  private leaveQueue(waiting: Waiting): void {
    const index = this.queue.indexOf(waiting);
    if (index >= 0) this.queue.splice(index, 1);
  }
}
