import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AdmissionSettings, PlatformConfig } from '../../config';
import { PLATFORM_CONFIG } from '../../platform.tokens';
import { inFrontOfServer } from '../request-middleware';
import { answerUnavailable, isProbe, onceAnswered } from '../unavailable';

const REFUSAL = 'This instance is at capacity; send the request again after Retry-After seconds.';
/** While the event loop's recent delay is above this, a request with no free slot is refused at once, not queued. */
export const QUEUE_LOOP_DELAY_MS = 100;
/** How recent "recent" is: the loop delay's largest sample over the last window of this many ms (and the current one). */
const LOOP_WINDOW_MS = 500;
/** The loop delay monitor's sampling interval; a sample is the interval it measured, so this much of it is not delay. */
const LOOP_RESOLUTION_MS = 50;
/** The loop delay monitor stops after this many ms without a request (idle, a process has no timer of the gate's running). */
export const LOOP_IDLE_MS = 10_000;
/** Refusals are logged as one summary line per this many ms at most, never one line per refused request. */
const REFUSAL_REPORT_MS = 10_000;
/** The weight of each answered request's time in its slot in the running mean the queue's wait is judged by. */
const SLOT_TIME_WEIGHT = 0.05;

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
 *
 * `attach` puts the gate in front of the server's own request listener (Express, Nest's routing, the
 * request log, the body parsers), so a refusal costs no routing, no body read and no log line (the
 * refusals are summed up in one line every 10 s). While the event loop lags (a turn more than 100 ms
 * late in the last half second or so, as a 50 ms monitor sees it), a request with no free slot is
 * refused at once instead of queued: a queue behind a late loop would only answer it later. The monitor
 * runs while requests come: the first one starts it, 10 s without one stops it (idle costs nothing).
 * A request that would wait longer than `maxQueueWaitMs` for a slot is refused at once too, not after
 * that wait: its wait is judged from its place in the queue and the running mean of the time an admitted
 * request holds its slot (with `maxInFlight` slots, a slot comes free every mean / maxInFlight ms).
 */
@Injectable()
export class AdmissionGate implements OnModuleDestroy {
  private readonly log = new Logger('AdmissionGate');
  private inFlight = 0;
  private readonly queue: Waiting[] = [];
  private refusals = 0;
  private reported = 0;
  private reportTimer?: ReturnType<typeof setTimeout>;
  private attached = false;
  private loopDelay?: IntervalHistogram;
  private loopWindow = { started: 0, previousMaxMs: 0 };
  private lastRequestAt = 0;
  private loopIdleCheck?: ReturnType<typeof setInterval>;
  /** The running mean of the ms an admitted request held its slot; undefined until one was answered. */
  private slotMs?: number;
  /** How long without a request stops the loop delay monitor (LOOP_IDLE_MS; shorter in tests). */
  loopIdleMs = LOOP_IDLE_MS;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  /**
   * Runs the gate before `server`'s request listeners (attach once the application created its server,
   * before it listens): a refused request never reaches them.
   */
  attach(server: Server): void {
    inFrontOfServer(server, this.middleware);
    this.attached = true;
  }

  onModuleDestroy(): void {
    this.stopWatchingLoop();
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.reportRefusals();
  }

  /** Whether the loop delay monitor runs (requests came in the last LOOP_IDLE_MS). */
  get watchingLoop(): boolean {
    return this.loopDelay !== undefined;
  }

  /** A request came: the loop delay monitor runs from now until requests stop coming. */
  private watchLoop(now: number): void {
    this.lastRequestAt = now;
    if (this.loopDelay || !this.attached) return;
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
    this.loopWindow = { started: now, previousMaxMs: 0 };
    this.loopIdleCheck = setInterval(() => {
      if (Date.now() - this.lastRequestAt >= this.loopIdleMs) this.stopWatchingLoop();
    }, this.loopIdleMs).unref();
  }

  private stopWatchingLoop(): void {
    this.loopDelay?.disable();
    this.loopDelay = undefined;
    if (this.loopIdleCheck) clearInterval(this.loopIdleCheck);
    this.loopIdleCheck = undefined;
  }

  /** The event loop's largest delay over the last window and the current one, in ms (0 while no request comes). */
  loopDelayMs(now = Date.now()): number {
    const histogram = this.loopDelay;
    if (!histogram) return 0;
    const lateMs = () => (histogram.count > 0 ? Math.max(0, histogram.max / 1e6 - LOOP_RESOLUTION_MS) : 0);
    if (now - this.loopWindow.started >= LOOP_WINDOW_MS) {
      this.loopWindow = { started: now, previousMaxMs: lateMs() };
      histogram.reset();
    }
    return Math.max(this.loopWindow.previousMaxMs, lateMs());
  }

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
    this.watchLoop(Date.now());
    if (this.inFlight < settings.maxInFlight) return this.admit(response, settings, next);
    if (this.queue.length >= settings.maxQueued || this.loopDelayMs() > QUEUE_LOOP_DELAY_MS || this.waitTooLong(settings))
      return this.refuse(request, response, settings);
    const waiting: Waiting = {
      admit: () => {
        clearTimeout(waiting.timer);
        response.off('close', gaveUp);
        this.admit(response, settings, next);
      },
      timer: setTimeout(() => {
        this.leaveQueue(waiting);
        response.off('close', gaveUp);
        this.refuse(request, response, settings);
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

  /** The ms a request queued now is expected to wait for a slot, or undefined before any admitted request was answered. */
  expectedWaitMs(settings: AdmissionSettings | undefined = this.settings): number | undefined {
    if (!settings || this.slotMs === undefined) return undefined;
    return ((this.queue.length + 1) * this.slotMs) / settings.maxInFlight;
  }

  private waitTooLong(settings: AdmissionSettings): boolean {
    const wait = this.expectedWaitMs(settings);
    return wait !== undefined && wait > settings.maxQueueWaitMs;
  }

  private admit(response: ServerResponse, settings: AdmissionSettings, next: () => void): void {
    this.inFlight += 1;
    const admitted = Date.now();
    onceAnswered(response, () => {
      // One long request (an upload of minutes) counts as no longer than the time at which even one queued request is
      // refused, so it cannot close the queue for the many that follow it.
      const heldMs = Math.min(Date.now() - admitted, settings.maxQueueWaitMs * settings.maxInFlight);
      this.slotMs = this.slotMs === undefined ? heldMs : this.slotMs + (heldMs - this.slotMs) * SLOT_TIME_WEIGHT;
      this.inFlight -= 1;
      this.queue.shift()?.admit();
    });
    next();
  }

  private refuse(request: IncomingMessage, response: ServerResponse, settings: AdmissionSettings): void {
    this.refusals += 1;
    this.reportTimer ??= setTimeout(() => this.reportRefusals(), REFUSAL_REPORT_MS).unref();
    if (response.headersSent || response.destroyed) return;
    answerUnavailable(response, settings.retryAfterSeconds, REFUSAL, this.corsHeaders(request));
  }

  /**
   * A refusal is answered before the CORS middleware (applyEdge) runs: for a page of a CORS_ORIGINS origin it says
   * the same as that middleware would, so the page can read the 503 and its Retry-After.
   */
  private corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers?.origin;
    if (!origin || !this.config.http.corsOrigins?.includes(origin)) return {};
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' };
  }

  private reportRefusals(): void {
    this.reportTimer = undefined;
    const refused = this.refusals - this.reported;
    if (refused === 0) return;
    this.reported = this.refusals;
    this.log.warn(
      `Past capacity: ${refused} request(s) answered 503 with Retry-After in the last ${REFUSAL_REPORT_MS / 1000} s at most (${this.refusals} since start)`,
    );
  }

  private leaveQueue(waiting: Waiting): void {
    const index = this.queue.indexOf(waiting);
    if (index >= 0) this.queue.splice(index, 1);
  }
}
