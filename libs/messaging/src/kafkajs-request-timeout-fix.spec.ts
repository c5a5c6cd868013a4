import { createRequire } from 'node:module';
import { fixKafkajsRequestTimeoutCheck } from './kafkajs-request-timeout-fix';
// The process installs both fixes (index.ts); without the idle-loop one kafkajs re-arms a 1 ms pending check for ever.
import './kafkajs-idle-fix';

interface Entry {
  apiKey: number;
  apiName: string;
  apiVersion: number;
  correlationId: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}
interface Queue {
  inflight: Map<number, unknown>;
  scheduleRequestTimeoutCheck(): void;
  push(request: { entry: Entry; expectResponse: boolean; requestTimeout?: number | null; sendRequest(): void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}

const RequestQueue = createRequire(require.resolve('kafkajs'))('./src/network/requestQueue') as new (options: object) => Queue;
const logger = { debug: () => undefined, warn: () => undefined, info: () => undefined, error: () => undefined };
const REQUEST_TIMEOUT = 30_000;

function connectedQueue(options: { enforceRequestTimeout?: boolean; connected?: () => boolean } = {}): Queue {
  const q = new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: REQUEST_TIMEOUT,
    enforceRequestTimeout: options.enforceRequestTimeout ?? true,
    clientId: 'test',
    broker: 'b:9092',
    logger,
    isConnected: options.connected ?? (() => true),
  });
  q.scheduleRequestTimeoutCheck(); // what a connection does once its socket has connected
  return q;
}

let nextId = 0;
function send(q: Queue, requestTimeout: number | null = null): { correlationId: number; outcome: Promise<string> } {
  const correlationId = nextId++;
  const outcome = new Promise<string>((resolve) => {
    q.push({
      entry: {
        apiKey: 1,
        apiName: 'Fetch',
        apiVersion: 11,
        correlationId,
        resolve: () => resolve('answered'),
        reject: (e) => resolve(e.name),
      },
      expectResponse: true,
      requestTimeout,
      sendRequest: () => undefined,
    });
  });
  return { correlationId, outcome };
}

describe('kafkajs request queue with the request-timeout check fix', () => {
  beforeAll(() => expect(fixKafkajsRequestTimeoutCheck()).toBe(true));
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs no timer on a connection with nothing in flight (kafkajs 2.2.4 ran a 100 ms interval on every connection)', () => {
    const q = connectedQueue();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(jest.getTimerCount()).toBe(0);
    q.destroy();
  });

  it('still times out a request in flight past its timeout, within 100 ms of its deadline as kafkajs did', async () => {
    const q = connectedQueue();
    const { outcome } = send(q);
    jest.advanceTimersByTime(REQUEST_TIMEOUT);
    expect(q.inflight.size).toBe(1);
    jest.advanceTimersByTime(100);
    await expect(outcome).resolves.toBe('KafkaJSRequestTimeoutError');
    expect(q.inflight.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("uses a request's own longer timeout (a fetch, a join) and the earliest deadline of those in flight", async () => {
    const q = new RequestQueue({
      maxInFlightRequests: null,
      requestTimeout: REQUEST_TIMEOUT,
      enforceRequestTimeout: true,
      clientId: 't',
      broker: 'b',
      logger,
    });
    q.scheduleRequestTimeoutCheck();
    const long = send(q, 50_000);
    jest.advanceTimersByTime(5_000);
    const short = send(q);
    jest.advanceTimersByTime(REQUEST_TIMEOUT + 100);
    await expect(short.outcome).resolves.toBe('KafkaJSRequestTimeoutError');
    expect(q.inflight.has(long.correlationId)).toBe(true);
    jest.advanceTimersByTime(50_000 + 100 - (5_000 + REQUEST_TIMEOUT + 100));
    await expect(long.outcome).resolves.toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves an answered request alone and stops once nothing is in flight', async () => {
    const q = connectedQueue();
    const { correlationId, outcome } = send(q);
    jest.advanceTimersByTime(1_000);
    q.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });
    await expect(outcome).resolves.toBe('answered');
    jest.advanceTimersByTime(REQUEST_TIMEOUT * 2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops checking once the connection is found disconnected, as kafkajs does', () => {
    let connected = true;
    const q = connectedQueue({ connected: () => connected });
    const { correlationId } = send(q);
    connected = false;
    // kafkajs's interval found the connection down within 100 ms and stopped before this request timed out.
    jest.advanceTimersByTime(REQUEST_TIMEOUT * 3);
    expect(q.inflight.has(correlationId)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    // A new connect arms the check again.
    connected = true;
    q.scheduleRequestTimeoutCheck();
    expect(jest.getTimerCount()).toBe(1);
    q.destroy();
  });

  it('checks nothing before the connection connects, after destroy, or with enforceRequestTimeout off', () => {
    const fresh = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: REQUEST_TIMEOUT,
      enforceRequestTimeout: true,
      clientId: 't',
      broker: 'b',
      logger,
    });
    send(fresh);
    const destroyed = connectedQueue();
    destroyed.destroy();
    send(destroyed);
    send(connectedQueue({ enforceRequestTimeout: false }));
    expect(jest.getTimerCount()).toBe(0);
  });
});
