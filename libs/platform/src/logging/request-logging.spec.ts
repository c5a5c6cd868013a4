import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CapturedLines } from '@leadline/testing';
import { PlatformNestLogger } from './nest-logger';
import { createPlatformLogger } from './platform-logger';
import { requestLogging } from './request-logging';

/** The outcome line is written when the response finishes, which the client may see a moment before. */
async function linesWritten(out: CapturedLines, count: number): Promise<void> {
  for (let tries = 0; out.raw.length < count && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('request logging', () => {
  const out = new CapturedLines();
  const root = createPlatformLogger({ service: 'lead-intake', level: 'debug', destination: out });
  const nest = new PlatformNestLogger(root);
  const logging = requestLogging(root);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) =>
      logging(req, res, () => {
        // As application code logs inside a request: through Nest's logger.
        nest.log('handling', 'CaptureLead');
        if (req.url?.startsWith('/hang')) {
          // The client gives up before the answer: the connection closes with nothing sent.
          res.statusCode = 202;
          setTimeout(() => req.socket.destroy(), 20);
          return;
        }
        res.statusCode = req.url?.startsWith('/missing') ? 404 : req.url?.startsWith('/broken') ? 500 : 201;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => out.raw.splice(0));

  it('echoes the caller’s X-Request-Id and puts it on every line of the request', async () => {
    const response = await fetch(`${url}/leads?email=wile@acme.com`, { method: 'POST', headers: { 'x-request-id': 'form-42' } });
    expect(response.headers.get('x-request-id')).toBe('form-42');
    await linesWritten(out, 2);
    expect(out.lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'CaptureLead', msg: 'handling', request_id: 'form-42' }),
      expect.objectContaining({
        level: 'debug',
        msg: 'POST /leads 201',
        method: 'POST',
        path: '/leads',
        status: 201,
        request_id: 'form-42',
      }),
    ]);
    expect(out.raw.join('\n')).not.toContain('wile');
  });

  it('generates an id when none or an unusable one is sent; a 4xx is logged at info', async () => {
    const response = await fetch(`${url}/missing`, { headers: { 'x-request-id': 'x'.repeat(200) } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await linesWritten(out, 2);
    expect(out.lines.map((line) => [line['request_id'], line['level']])).toEqual([
      [id, 'info'],
      [id, 'info'],
    ]);
  });

  it('a 5xx at error; a connection closed before the answer at info, marked aborted', async () => {
    await fetch(`${url}/broken`, { headers: { 'x-request-id': 'broken-1' } });
    await expect(fetch(`${url}/hang`, { headers: { 'x-request-id': 'hang-1' } })).rejects.toThrow();
    await linesWritten(out, 4);
    const outcomes = out.lines.filter((line) => line['context'] === undefined);
    expect(outcomes).toEqual([
      expect.objectContaining({ level: 'error', msg: 'GET /broken 500', status: 500, request_id: 'broken-1' }),
      expect.objectContaining({ level: 'info', msg: 'GET /hang closed before the answer was sent', aborted: true, request_id: 'hang-1' }),
    ]);
  });

  it('at the default level a success writes no outcome line, and a line written in the request still has its id', async () => {
    const quiet = new CapturedLines();
    const quietRoot = createPlatformLogger({ service: 'lead-intake', level: 'log', destination: quiet });
    const quietNest = new PlatformNestLogger(quietRoot);
    const quietLogging = requestLogging(quietRoot);
    const quietServer = createServer((req, res) =>
      quietLogging(req, res, () => {
        if (req.url === '/says') quietNest.log('handling', 'CaptureLead');
        res.statusCode = 202;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => quietServer.listen(0, '127.0.0.1', resolve));
    const quietUrl = `http://127.0.0.1:${(quietServer.address() as AddressInfo).port}`;
    try {
      await fetch(`${quietUrl}/silent`, { method: 'POST', headers: { 'x-request-id': 'silent-1' } });
      await fetch(`${quietUrl}/says`, { method: 'POST', headers: { 'x-request-id': 'says-1' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(quiet.lines).toEqual([expect.objectContaining({ level: 'info', msg: 'handling', request_id: 'says-1' })]);
    } finally {
      await new Promise((resolve) => quietServer.close(resolve));
    }
  });
});
