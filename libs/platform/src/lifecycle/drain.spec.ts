import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Drain } from './drain';

/** A plain HTTP server behind the drain middleware; `/slow` answers when `release()` is called. */
function serve(drain: Drain): Promise<{ url: string; server: Server; release: () => void }> {
  let release: () => void = () => undefined;
  const server = createServer((request, response) =>
    drain.middleware(request, response, () => {
      if (request.url === '/slow') {
        release = () => response.end('slow done');
        return;
      }
      response.end(`ok ${request.url}`);
    }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, release: () => release() }),
    ),
  );
}

describe('Drain', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('passes requests through until it begins, then refuses all but the probes with 503 and Retry-After', async () => {
    const drain = new Drain();
    const app = await serve(drain);
    server = app.server;
    expect(await (await fetch(`${app.url}/leads`)).text()).toBe('ok /leads');

    drain.begin();
    expect(drain.isDraining).toBe(true);
    const refused = await fetch(`${app.url}/leads`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { message: string }).message).toMatch(/shutting down/);
    // The probes still reach their handlers (readiness answers 503 itself; liveness stays 200).
    expect(await (await fetch(`${app.url}/health`)).text()).toBe('ok /health');
    expect(await (await fetch(`${app.url}/ready?verbose=1`)).text()).toBe('ok /ready?verbose=1');
  });

  it('announce() only says it is shutting down: requests pass until begin()', async () => {
    const drain = new Drain();
    const app = await serve(drain);
    server = app.server;
    drain.announce();
    expect(drain.isShuttingDown).toBe(true);
    expect(drain.isDraining).toBe(false);
    const served = await fetch(`${app.url}/leads`);
    expect([served.status, await served.text()]).toEqual([200, 'ok /leads']);
    drain.begin();
    expect((await fetch(`${app.url}/leads`)).status).toBe(503);
  });

  it('idle() waits for the requests in flight when the drain began', async () => {
    const drain = new Drain();
    const app = await serve(drain);
    server = app.server;
    await expect(drain.idle()).resolves.toBeUndefined();

    const slow = fetch(`${app.url}/slow`).then((response) => response.text());
    while (drain.requestsInFlight === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drain.requestsInFlight).toBe(1);
    drain.begin();
    let idle = false;
    const idling = drain.idle().then(() => (idle = true));
    expect((await fetch(`${app.url}/leads`)).status).toBe(503);
    expect(idle).toBe(false);

    app.release();
    expect(await slow).toBe('slow done');
    await idling;
    expect(drain.requestsInFlight).toBe(0);
  });
});
