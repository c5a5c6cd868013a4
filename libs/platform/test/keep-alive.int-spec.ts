import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startTestApp, type TestApp } from './test-app';

/** A raw connection to `url`: one GET at a time, its answer's head, and when the server closed it. */
async function openConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  let closedAt: number | undefined;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('close', () => (closedAt = Date.now()));
  return {
    /** GET /health on this connection; its status line and Keep-Alive header, once its body has come. */
    async get(): Promise<{ status: string; keepAlive?: string; at: number }> {
      received = '';
      socket.write('GET /health HTTP/1.1\r\nHost: leadline\r\nConnection: keep-alive\r\n\r\n');
      for (const started = Date.now(); !received.includes('"ok"}'); await new Promise((resolve) => setTimeout(resolve, 5))) {
        if (closedAt !== undefined || Date.now() - started > 10_000) throw new Error(`no answer on the connection: ${received}`);
      }
      const [status, ...headers] = received.split('\r\n\r\n')[0].split('\r\n');
      const keepAlive = headers
        .find((header) => /^keep-alive:/i.test(header))
        ?.split(':')[1]
        .trim();
      return { status, keepAlive, at: Date.now() };
    },
    closedAt: () => closedAt,
    destroy: () => socket.destroy(),
  };
}

describe('idle keep-alive connections (HTTP_KEEP_ALIVE_TIMEOUT_MS)', () => {
  let configured: TestApp;
  let byDefault: TestApp;
  beforeAll(async () => {
    configured = await startTestApp([], 'pglite', 'keep-alive', { listen: true, env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000' } });
    byDefault = await startTestApp([], 'pglite', 'keep-alive-default', { listen: true });
  });
  afterAll(async () => {
    await configured?.close();
    await byDefault?.close();
  });

  it('keeps an idle connection for the configured time, then closes it', async () => {
    const connection = await openConnection(configured.url);
    try {
      const first = await connection.get();
      expect(first).toMatchObject({ status: 'HTTP/1.1 200 OK', keepAlive: 'timeout=2' });
      // Idle for most of the configured time: the connection is still open and answers on it.
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(connection.closedAt()).toBeUndefined();
      const second = await connection.get();
      expect(second.status).toBe('HTTP/1.1 200 OK');
      // Then idle past it: the server closes it (Node 20 a second after the time it announces), not before it.
      for (const started = Date.now(); connection.closedAt() === undefined && Date.now() - started < 10_000;)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const idleFor = connection.closedAt()! - second.at;
      expect(idleFor).toBeGreaterThanOrEqual(2_000);
      expect(idleFor).toBeLessThan(5_000);
    } finally {
      connection.destroy();
    }
  });

  it('keeps one 65 s by default (longer than a proxy in front keeps it: 60 s), its headers timeout above that', async () => {
    const connection = await openConnection(byDefault.url);
    try {
      expect(await connection.get()).toMatchObject({ status: 'HTTP/1.1 200 OK', keepAlive: 'timeout=65' });
    } finally {
      connection.destroy();
    }
    const server = byDefault.app.getHttpServer() as Server;
    expect([server.keepAliveTimeout, server.headersTimeout]).toEqual([65_000, 66_000]);
  });
});
