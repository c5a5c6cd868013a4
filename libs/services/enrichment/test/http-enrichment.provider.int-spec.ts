import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LeadCaptured } from '@leadline/domain';
import type { HttpProviderConfig } from '../src/enrichment.config';
import { HttpEnrichmentProvider } from '../src/providers/http-enrichment.provider';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real HTTP server whose behaviour each test sets; counts the requests it received. */
class FakeProviderServer {
  handler: Handler = (_req, _body, res) => res.writeHead(500).end();
  requests: { headers: IncomingMessage['headers']; body: string }[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.requests.push({ headers: req.headers, body });
      this.handler(req, body, res);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/enrich`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const lead = {
  leadId: 'lead-http-1',
  contact: { firstName: 'A', lastName: 'B', email: 'a@acme.com', phone: null, title: 'CTO' },
  company: { name: 'Acme', domain: 'acme.com', website: null, country: 'US' },
} as unknown as LeadCaptured['data'];

const server = new FakeProviderServer();
let url: string;
const config = (over: Partial<HttpProviderConfig> = {}): HttpProviderConfig => ({
  url,
  authHeader: { name: 'X-Api-Key', value: 'k-123' },
  // Long enough that a prompt answer is never retried: the file's first request (a cold client in a busy CI
  // process) once took over 200 ms and was sent twice. The time-out itself is tested with its own 100 ms.
  timeoutMs: 5_000,
  retries: 2,
  backoffInitialMs: 10,
  breakerThreshold: 3,
  breakerHalfOpenMs: 60_000,
  ...over,
});

beforeAll(async () => {
  url = await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests = [];
});

describe('HttpEnrichmentProvider against a real HTTP server', () => {
  it('posts the lead with the auth header and returns the firmographics it answers', async () => {
    server.handler = (_req, _body, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ headcount: 420, annualRevenue: 3e7, industry: 'Software', technologies: ['AWS'], extra: 1 }));
    const answer = await new HttpEnrichmentProvider(config()).enrich(lead);
    expect(answer).toEqual({ headcount: 420, annualRevenue: 3e7, industry: 'Software', technologies: ['AWS'] });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-api-key']).toBe('k-123');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ leadId: 'lead-http-1', domain: 'acme.com', companyName: 'Acme' });
  });

  it('a 404 means the provider knows nothing: null, not a failure', async () => {
    server.handler = (_req, _body, res) => res.writeHead(404).end();
    await expect(new HttpEnrichmentProvider(config()).enrich(lead)).resolves.toBeNull();
  });

  it('a slow answer times out each attempt and fails after the retries', async () => {
    server.handler = (_req, _body, res) => setTimeout(() => res.writeHead(200).end('{}'), 1_000).unref();
    const started = Date.now();
    await expect(new HttpEnrichmentProvider(config({ timeoutMs: 100, retries: 1 })).enrich(lead)).rejects.toThrow('timed out after 100 ms');
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('retries a 500 with backoff and succeeds when the provider recovers', async () => {
    let calls = 0;
    server.handler = (_req, _body, res) => (++calls < 3 ? res.writeHead(500).end() : res.writeHead(200).end('{"headcount":7}'));
    await expect(new HttpEnrichmentProvider(config()).enrich(lead)).resolves.toEqual({ headcount: 7 });
    expect(server.requests).toHaveLength(3);
  });

  it('repeated 500s exhaust the retries, then open the breaker so later calls fail fast without a request', async () => {
    server.handler = (_req, _body, res) => res.writeHead(500).end();
    const provider = new HttpEnrichmentProvider(config({ retries: 2, breakerThreshold: 3 }));
    await expect(provider.enrich(lead)).rejects.toThrow('HTTP 500');
    expect(server.requests).toHaveLength(3);
    await expect(provider.enrich(lead)).rejects.toThrow('circuit open');
    expect(server.requests).toHaveLength(3);
  });

  it('the breaker half-opens after its reset time and closes again on success', async () => {
    server.handler = (_req, _body, res) => res.writeHead(503).end();
    const provider = new HttpEnrichmentProvider(config({ retries: 0, breakerThreshold: 1, breakerHalfOpenMs: 100 }));
    await expect(provider.enrich(lead)).rejects.toThrow('HTTP 503');
    await expect(provider.enrich(lead)).rejects.toThrow('circuit open');
    await new Promise((resolve) => setTimeout(resolve, 150));
    server.handler = (_req, _body, res) => res.writeHead(200).end('{"industry":"retail"}');
    await expect(provider.enrich(lead)).resolves.toEqual({ industry: 'retail' });
  });
});
