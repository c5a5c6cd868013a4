import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformConfig } from '../../config';
import { AdmissionGate } from './admission-gate';

/** A response as the gate sees it: headers, a status, end(), and the finish/close events of node:http. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  readonly headers = new Map<string, string>();
  body = '';
  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }
  end(body = ''): void {
    this.body = body;
    this.headersSent = true;
    this.emit('finish');
    this.emit('close');
  }
}

const settings = { maxInFlight: 2, maxQueued: 1, maxQueueWaitMs: 500, retryAfterSeconds: 3 };
const gate = () => new AdmissionGate({ http: { admission: settings } } as unknown as PlatformConfig);

/** Sends a request through the gate; `handled` tells whether it reached the route. */
function send(g: AdmissionGate, url = '/leads') {
  const response = new FakeResponse();
  const request = { url } as IncomingMessage;
  const state = { handled: false, response };
  g.middleware(request, response as unknown as ServerResponse, () => (state.handled = true));
  return state;
}

describe('admission gate', () => {
  afterEach(() => jest.useRealTimers());

  it('admits up to its limit, queues the next ones, and answers any other 503 with Retry-After at once', () => {
    const g = gate();
    const [a, b, c, d] = [send(g), send(g), send(g), send(g)];
    expect([a.handled, b.handled, c.handled, d.handled]).toEqual([true, true, false, false]);
    expect(d.response.statusCode).toBe(503);
    expect(d.response.headers.get('retry-after')).toBe('3');
    expect(JSON.parse(d.response.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect([g.requestsInFlight, g.requestsQueued, g.refused]).toEqual([2, 1, 1]);

    a.response.end();
    expect(c.handled).toBe(true);
    expect([g.requestsInFlight, g.requestsQueued]).toEqual([2, 0]);
  });

  it('answers a queued request 503 once it has waited its longest, and never runs it', () => {
    jest.useFakeTimers();
    const g = gate();
    send(g);
    send(g);
    const queued = send(g);
    jest.advanceTimersByTime(settings.maxQueueWaitMs);
    expect(queued.response.statusCode).toBe(503);
    expect(queued.handled).toBe(false);
    expect(g.requestsQueued).toBe(0);
  });

  it('gives the place of a client that hung up while waiting to the next one', () => {
    const g = gate();
    const first = send(g);
    send(g);
    const gone = send(g);
    gone.response.emit('close');
    const next = send(g);
    first.response.end();
    expect(gone.handled).toBe(false);
    expect(next.handled).toBe(true);
  });

  it('always lets the probes through', () => {
    const g = gate();
    send(g);
    send(g);
    send(g);
    expect(send(g, '/health').handled).toBe(true);
    expect(send(g, '/ready?verbose=1').handled).toBe(true);
  });
});
