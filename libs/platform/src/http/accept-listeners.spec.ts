import { createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { acceptOnCopies } from './accept-listeners';

/** Holds the event loop for `ms` (a busy process's turn). */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('acceptOnCopies: more than one new connection per event-loop turn', () => {
  let server: Server;
  let accepted = 0;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    accepted = 0;
    server = createServer((req, res) => res.end(`hello ${req.url}`));
    server.on('connection', () => (accepted += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /**
   * Opens `n` connections while the loop is held (the kernel completes them into the listen queue), then counts the
   * connections accepted in the one poll phase between two check phases.
   */
  async function acceptedInOneTurn(n: number): Promise<number> {
    const port = (server.address() as { port: number }).port;
    await nextTurn();
    for (let i = 0; i < n; i++) sockets.push(connect(port, '127.0.0.1').on('error', () => undefined));
    await new Promise((resolve) => process.nextTick(resolve)); // the connect calls are made on the next tick
    busy(200);
    const before = accepted;
    await nextTurn();
    return accepted - before;
  }

  it('accepts one connection per turn with one listener (Node 20, libuv >= 1.45)', async () => {
    expect(await acceptOnCopies(server, 1)).toEqual({ listeners: 1 });
    expect(await acceptedInOneTurn(20)).toBe(1);
  });

  it('accepts up to `listeners` connections in one turn on copies of the one socket, and answers on them as the server', async () => {
    expect(await acceptOnCopies(server, 16)).toEqual({ listeners: 16 });
    expect(await acceptedInOneTurn(40)).toBe(16);
    const port = (server.address() as { port: number }).port;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => get(port, `/${i}`)));
    expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 40 }, (_, i) => `hello /${i}`));
  });

  it('stops accepting on every copy when the server closes', async () => {
    await acceptOnCopies(server, 8);
    const port = (server.address() as { port: number }).port;
    expect((await get(port, '/')).status).toBe(200);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(get(port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // afterEach closes it again: listen on a fresh port so that close has something to close.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  it('keeps one listener when the server does not listen on TCP', async () => {
    const idle = createServer();
    expect(await acceptOnCopies(idle, 8)).toEqual({ listeners: 1, fallback: 'the server is not listening on TCP' });
  });
});
