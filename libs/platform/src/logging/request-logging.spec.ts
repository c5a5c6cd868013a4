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
        res.statusCode = req.url?.startsWith('/missing') ? 404 : 201;
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
});
