import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Drain } from './drain';
import { shutDownGracefully } from './graceful-shutdown';

describe('shutDownGracefully', () => {
  let server: Server;
  let url: string;
  const drain = new Drain();
  const closed: number[] = [];
  // What shutDownGracefully uses of the Nest application: its Drain, and close() (the reactions, timers, server, pool).
  const app = { get: () => drain, close: async () => void closed.push(Date.now()) } as unknown as INestApplication;

  beforeAll(async () => {
    server = createServer((request, response) => drain.middleware(request, response, () => response.end('served')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('with a delay: readiness turns at once, requests are served through the delay, then refused, then the app closes', async () => {
    const started = Date.now();
    const stopping = shutDownGracefully(app, 400);
    expect(drain.isShuttingDown).toBe(true);
    const during = await fetch(url);
    expect([during.status, await during.text()]).toEqual([200, 'served']);
    expect(closed).toEqual([]);

    await stopping;
    expect((await fetch(url)).status).toBe(503);
    expect(closed).toHaveLength(1);
    expect(closed[0] - started).toBeGreaterThanOrEqual(400);
  });
});
