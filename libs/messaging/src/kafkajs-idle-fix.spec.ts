import { createRequire } from 'node:module';
import { fixKafkajsIdleLoop } from './kafkajs-idle-fix';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  scheduleCheckPendingRequests(): void;
}

const RequestQueue = createRequire(require.resolve('kafkajs'))('./src/network/requestQueue') as new (options: object) => Queue;
const logger = { debug: () => undefined, warn: () => undefined, info: () => undefined, error: () => undefined };
const queue = (): Queue => new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, clientId: 'test', broker: 'b:9092', logger });

describe('kafkajs request queue with the idle-loop fix', () => {
  beforeAll(() => expect(fixKafkajsIdleLoop()).toBe(true));

  it('schedules nothing when no request waits and nothing throttles (kafkajs 2.2.4 re-armed a 1 ms timer for ever)', () => {
    const q = queue();
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks again for a waiting request', () => {
    const q = queue();
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(q.throttleCheckTimeoutId ?? undefined);
  });

  it('still checks again when a throttle ends, even with nothing waiting', () => {
    const q = queue();
    q.throttledUntil = Date.now() + 60_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(q.throttleCheckTimeoutId ?? undefined);
  });
});
