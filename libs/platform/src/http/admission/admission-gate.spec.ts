import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformConfig } from '../../config';
import { AdmissionGate, QUEUE_LOOP_DELAY_MS } from './admission-gate';

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

  it('refuses at once a request that would wait longer than its longest, judged by how long admitted ones hold their slots', () => {
    jest.useFakeTimers();
    const g = new AdmissionGate({ http: { admission: { ...settings, maxQueued: 10 } } } as unknown as PlatformConfig);
    expect(g.expectedWaitMs()).toBeUndefined();
    // Two slots, each answered after 400 ms: a slot comes free every 200 ms, so the third in line would wait 600 ms.
    const [a, b] = [send(g), send(g)];
    jest.advanceTimersByTime(400);
    a.response.end();
    b.response.end();
    const [c, d] = [send(g), send(g)];
    expect([c.handled, d.handled]).toEqual([true, true]);
    const queued = [send(g), send(g)];
    expect(queued.map((q) => q.handled)).toEqual([false, false]);
    expect(g.expectedWaitMs()).toBeCloseTo(600);
    const refused = send(g);
    expect(refused.response.statusCode).toBe(503);
    expect(refused.response.headers.get('retry-after')).toBe('3');
    expect([g.requestsInFlight, g.requestsQueued, g.refused]).toEqual([2, 2, 1]);

    // Once slots come free sooner, the queue takes more again (no one waits beyond its longest meanwhile).
    c.response.end();
    expect(queued[0].handled).toBe(true);
    expect(g.expectedWaitMs()).toBeLessThanOrEqual(settings.maxQueueWaitMs);
    expect(send(g).handled).toBe(false);
    expect(g.requestsQueued).toBe(2);
  });

  it('always lets the probes through', () => {
    const g = gate();
    send(g);
    send(g);
    send(g);
    expect(send(g, '/health').handled).toBe(true);
    expect(send(g, '/ready?verbose=1').handled).toBe(true);
  });

  it('refuses at once instead of queueing while the event loop lags, and queues again once it keeps time', async () => {
    const g = gate();
    g.attach(createServer());
    try {
      const first = send(g); // requests come: the monitor runs
      await new Promise((resolve) => setTimeout(resolve, 100)); // the monitor's timer running
      const blockedUntil = Date.now() + 250;
      while (Date.now() < blockedUntil); // a loop turn of 250 ms
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(g.loopDelayMs()).toBeGreaterThan(QUEUE_LOOP_DELAY_MS);
      const [second, third] = [send(g), send(g)];
      expect([first.handled, second.handled, third.handled]).toEqual([true, true, false]);
      expect(third.response.statusCode).toBe(503);
      expect(third.response.headers.get('retry-after')).toBe('3');
      expect(g.requestsQueued).toBe(0);

      // Two quiet windows later the lag has left the figure: the next one waits for a slot again.
      await waitUntil(() => g.loopDelayMs() <= QUEUE_LOOP_DELAY_MS, 10_000);
      const queued = send(g);
      expect(queued.handled).toBe(false);
      expect(g.requestsQueued).toBe(1);
      first.response.end();
      expect(queued.handled).toBe(true);
    } finally {
      g.onModuleDestroy();
    }
  });
});

describe('admission gate: a refusal to a page of another origin', () => {
  it('carries the CORS headers the edge would give a CORS_ORIGINS origin, so the page can read Retry-After; none for another origin', () => {
    const g = new AdmissionGate({
      http: { admission: { ...settings, maxQueued: 0 }, corsOrigins: ['https://www.example.com'] },
    } as unknown as PlatformConfig);
    const from = (origin?: string) => {
      const response = new FakeResponse();
      const request = { url: '/leads', headers: origin ? { origin } : {} } as IncomingMessage;
      g.middleware(request, response as unknown as ServerResponse, () => undefined);
      return response;
    };
    from();
    from();
    const listed = from('https://www.example.com');
    expect(listed.statusCode).toBe(503);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(listed.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(listed.headers.get('vary')).toBe('Origin');
    const other = from('https://evil.example');
    expect(other.statusCode).toBe(503);
    expect(other.headers.has('access-control-allow-origin')).toBe(false);
    expect(from().headers.has('access-control-allow-origin')).toBe(false);
  });
});

describe('admission gate: the loop delay monitor', () => {
  it('runs only while requests come: not before the first, and no longer once none came for loopIdleMs', async () => {
    const g = gate();
    g.loopIdleMs = 200;
    g.attach(createServer());
    try {
      expect(g.watchingLoop).toBe(false);
      send(g, '/health'); // a probe is no request of the gate's
      expect(g.watchingLoop).toBe(false);
      send(g).response.end();
      expect(g.watchingLoop).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 150));
      send(g).response.end(); // requests keep coming: it keeps running
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(g.watchingLoop).toBe(true);
      await waitUntil(() => !g.watchingLoop, 5_000);
      expect(g.loopDelayMs()).toBe(0);
      send(g).response.end();
      expect(g.watchingLoop).toBe(true);
    } finally {
      g.onModuleDestroy();
    }
    expect(g.watchingLoop).toBe(false);
  });
});

describe('admission gate in front of a server', () => {
  it("answers a refused request before the server's own listener sees it, and passes an admitted one on", async () => {
    const g = new AdmissionGate({ http: { admission: { ...settings, maxInFlight: 1, maxQueued: 0 } } } as unknown as PlatformConfig);
    const seen: string[] = [];
    const held: ServerResponse[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? '');
      held.push(response);
    });
    g.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const first = fetch(`${url}/first`, { method: 'POST', body: 'x'.repeat(1000) });
      await waitUntil(() => seen.length === 1);
      const refused = await fetch(`${url}/second`, { method: 'POST', body: 'y'.repeat(1000) });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('3');
      expect(await refused.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(seen).toEqual(['/first']);

      held[0].end('done');
      expect(await (await first).text()).toBe('done');
      const admitted = fetch(`${url}/third`);
      await waitUntil(() => seen.length === 2);
      held[1].end('ok');
      expect((await admitted).status).toBe(200);
      expect(seen).toEqual(['/first', '/third']);
      expect(g.refused).toBe(1);
    } finally {
      g.onModuleDestroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function waitUntil(condition: () => boolean, withinMs = 2_000): Promise<void> {
  for (let i = 0; i < withinMs / 10 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
