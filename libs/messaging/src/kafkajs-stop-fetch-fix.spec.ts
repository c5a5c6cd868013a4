import { createRequire } from 'node:module';
import { KafkaJSConnectionError } from 'kafkajs';
import { releaseFetchesOnStop } from './kafkajs-stop-fetch-fix';

interface InFlight {
  readonly entry: { apiKey: number };
  readonly correlationId: number;
  rejected(error: Error): void;
  completed(response: { size: number; payload: unknown }): void;
}

interface Connection {
  requestQueue: {
    inflight: Map<number, InFlight>;
    fulfillRequest(response: { correlationId: number; size: number; payload: unknown }): void;
  };
  disconnect(): Promise<boolean>;
}

const Connection = createRequire(require.resolve('kafkajs'))('./src/network/connection') as new (options: object) => Connection;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const logger = { ...quiet, namespace: () => logger };
const connection = (): Connection => new Connection({ host: 'b', port: 9092, logger, requestTimeout: 30_000, connectionTimeout: 1_000 });
const FETCH = 1;
const OFFSET_COMMIT = 8;

function inFlight(c: Connection, apiKey: number, correlationId: number): InFlight & { failure?: Error } {
  const request: InFlight & { failure?: Error } = {
    entry: { apiKey },
    correlationId,
    rejected: (error) => (request.failure = error),
    completed: () => undefined,
  };
  c.requestQueue.inflight.set(correlationId, request);
  return request;
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('kafkajs consumer stop with the fetch-release fix', () => {
  beforeAll(() => expect(releaseFetchesOnStop()).toBe(true));

  it('a connection that disconnects with nothing in flight but fetches fails them at once (kafkajs waited for the broker to answer)', async () => {
    const c = connection();
    const fetch = inFlight(c, FETCH, 1);
    expect(await settledWithin(c.disconnect(), 200)).toBe(true);
    expect(fetch.failure).toBeInstanceOf(KafkaJSConnectionError);
  });

  it('still waits for any other request in flight (an offset commit, a leave) before it closes', async () => {
    const c = connection();
    const fetch = inFlight(c, FETCH, 1);
    inFlight(c, OFFSET_COMMIT, 2);
    const disconnecting = c.disconnect();
    expect(await settledWithin(disconnecting, 100)).toBe(false);
    c.requestQueue.fulfillRequest({ correlationId: 1, size: 0, payload: null });
    c.requestQueue.fulfillRequest({ correlationId: 2, size: 0, payload: null });
    expect(await settledWithin(disconnecting, 200)).toBe(true);
    expect(fetch.failure).toBeUndefined();
  });
});
