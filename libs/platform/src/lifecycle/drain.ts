import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerUnavailable, isProbe, onceAnswered } from '../http/unavailable';

const REFUSAL = 'This instance is shutting down; send the request again.';

/** Seconds a refused client is told to wait before sending again (to another replica, behind a load balancer). */
export const DRAIN_RETRY_AFTER_S = 1;

/**
 * The HTTP side of a graceful shutdown. Before `begin()` it counts the requests in flight; after it,
 * every request but the probes is refused with 503 and `Retry-After` (nothing of it is read or
 * written), readiness reports the shutdown, and `idle()` resolves once the requests that were
 * already in flight have been answered. `announce()`, which may come first, only turns readiness:
 * requests are still served, while a load balancer polling readiness takes the instance out.
 */
@Injectable()
export class Drain {
  private draining = false;
  private announced = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  /** Refusing requests (after `begin()`). */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Shutting down: readiness answers 503 (after `announce()` or `begin()`), whether or not requests are refused yet. */
  get isShuttingDown(): boolean {
    return this.announced || this.draining;
  }

  /** Requests being handled now (probes not counted). */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Readiness turns 503; requests are still served until `begin()`. */
  announce(): void {
    this.announced = true;
  }

  begin(): void {
    this.draining = true;
  }

  /** Resolves when no request is in flight (at once when none is). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Express middleware; createLeadlineApp installs it before the body parsers. */
  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    // The probes keep answering while the process drains: liveness stays 200, readiness turns 503.
    if (isProbe(request)) return next();
    if (this.draining) return answerUnavailable(response, DRAIN_RETRY_AFTER_S, REFUSAL, { Connection: 'close' });
    this.inFlight += 1;
    onceAnswered(response, () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
    next();
  };
}
