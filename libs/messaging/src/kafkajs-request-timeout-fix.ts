import { firstFixOf, kafkajsInternal } from './kafkajs-internal';

/**
 * kafkajs 2.2.4 (its last release) checks its request timeouts with a `setInterval` of
 * min(requestTimeout, 100) ms that every connected broker connection runs for as long as it is
 * connected, whether a request is in flight or not: 10 callbacks a second per connection. A kafkajs
 * consumer holds three connections (seed broker, group coordinator, fetch) and a producer two, so an
 * idle process with a few consumer groups ran hundreds of timer callbacks a second doing nothing.
 *
 * This replaces the interval with one timer per connection set for the earliest deadline of the
 * requests in flight (sentAt + requestTimeout), armed when a request is sent and not re-armed once
 * nothing is in flight. The semantics are kafkajs's: a request in flight longer than its timeout is
 * timed out (now on its deadline instead of up to 100 ms after it), the check stops for good when
 * the connection is found disconnected (kafkajs's `!isConnected()` destroy), `destroy()` stops it,
 * and the connection's next connect arms it again; with `enforceRequestTimeout: false` nothing runs.
 */
interface InFlightRequest {
  sentAt: number | null;
  requestTimeout: number;
  correlationId: number;
  timeoutRequest(): void;
}

const ARMED = Symbol('leadline:requestTimeoutArmed');
const TIMER = Symbol('leadline:requestTimeoutTimer');
const DUE = Symbol('leadline:requestTimeoutDue');
const CHECK = Symbol('leadline:requestTimeoutCheck');
/** setTimeout's longest delay; a later deadline is looked at again when this one fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface RequestQueue {
  enforceRequestTimeout: boolean;
  inflight: Map<number, InFlightRequest>;
  isConnected(): boolean;
  destroy(): void;
  scheduleRequestTimeoutCheck(): void;
  sendSocketRequest(request: InFlightRequest): void;
  [ARMED]?: boolean;
  [TIMER]?: ReturnType<typeof setTimeout> | null;
  [DUE]?: number;
  [CHECK]?: (deadline: number) => void;
}

function deadlineOf(request: InFlightRequest): number {
  return (request.sentAt ?? Date.now()) + request.requestTimeout;
}

/** Installs the fix once per process; true when the kafkajs code it replaces is where it expected it. */
export function fixKafkajsRequestTimeoutCheck(): boolean {
  const proto = kafkajsInternal<RequestQueue>('./src/network/requestQueue', [
    'scheduleRequestTimeoutCheck',
    'sendSocketRequest',
    'destroy',
  ]);
  if (!proto) return false;
  if (!firstFixOf(proto, 'requestTimeoutCheck')) return true;

  const { destroy, sendSocketRequest } = proto;

  /** (Re)sets the connection's one timer when `deadline` is earlier than the one it waits for. */
  proto[CHECK] = function (this: RequestQueue, deadline: number): void {
    if (this[TIMER] && (this[DUE] ?? Infinity) <= deadline) return;
    if (this[TIMER]) clearTimeout(this[TIMER]);
    this[DUE] = deadline;
    // kafkajs times a request out once `now - sentAt > requestTimeout`: one millisecond past the deadline.
    this[TIMER] = setTimeout(
      () => {
        this[TIMER] = null;
        // kafkajs looked every 100 ms and stopped at the first look that found the connection down,
        // before a request of it could time out: so does this.
        if (!this.isConnected()) {
          this.destroy();
          return;
        }
        const now = Date.now();
        let next = Infinity;
        for (const request of [...this.inflight.values()]) {
          if (request.sentAt !== null && now - request.sentAt > request.requestTimeout) request.timeoutRequest();
          else next = Math.min(next, deadlineOf(request));
        }
        if (next !== Infinity && this[ARMED]) this[CHECK]!(next);
      },
      Math.min(MAX_DELAY_MS, Math.max(0, deadline - Date.now()) + 1),
    );
  };

  proto.scheduleRequestTimeoutCheck = function (this: RequestQueue): void {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this[ARMED] = true;
    let first = Infinity;
    for (const request of this.inflight.values()) first = Math.min(first, deadlineOf(request));
    if (first !== Infinity) this[CHECK]!(first);
  };

  proto.destroy = function (this: RequestQueue): void {
    destroy.call(this);
    this[ARMED] = false;
    if (this[TIMER]) clearTimeout(this[TIMER]);
    this[TIMER] = null;
  };

  proto.sendSocketRequest = function (this: RequestQueue, request: InFlightRequest): void {
    sendSocketRequest.call(this, request);
    if (this[ARMED] && this.inflight.get(request.correlationId) === request) this[CHECK]!(deadlineOf(request));
  };
  return true;
}

fixKafkajsRequestTimeoutCheck();
