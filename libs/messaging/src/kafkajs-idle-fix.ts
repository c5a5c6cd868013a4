import { firstFixOf, kafkajsInternal } from './kafkajs-internal';

/**
 * kafkajs 2.2.4 (its last release) re-arms a 1 ms timer for ever on every broker connection once
 * nothing is pending: `scheduleCheckPendingRequests` computes `throttledUntil - now` (negative when
 * not throttled) and sets a timeout with it anyway (tulios/kafkajs#1556, fixes proposed in #1667 and
 * #1768, never merged). An idle service spun ~1,000 timer callbacks a second per connection.
 * This is the proposed fix: with nothing pending and no throttle, schedule nothing; a request that
 * has to wait is still checked when one in flight completes or times out (kafkajs does that).
 */
interface RequestQueue {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const CHECK_PENDING_REQUESTS_INTERVAL = 10;

/** Installs the fix once per process; true when the kafkajs code it replaces is where it expected it. */
export function fixKafkajsIdleLoop(): boolean {
  const queue = kafkajsInternal<RequestQueue>('./src/network/requestQueue', ['scheduleCheckPendingRequests']);
  if (!queue) return false;
  if (!firstFixOf(queue, 'idleLoop')) return true;
  queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.throttleCheckTimeoutId) return;
    let scheduleAt = this.throttledUntil - Date.now();
    if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
    else if (scheduleAt <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, scheduleAt);
  };
  return true;
}

fixKafkajsIdleLoop();
