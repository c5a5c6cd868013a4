import { createServer, type Server } from 'node:http';
import type { SyntheticCompany } from './synthetic-organisation';

/**
 * The synthetic organisation's company data as enrichment's HTTP provider (ENRICHMENT_HTTP_URL):
 * POST `{ domain }` → 200 with the firmographics, or 404. Listens on loopback only.
 */
export async function startFirmographicsProvider(companies: readonly SyntheticCompany[]): Promise<{ url: string; close(): Promise<void> }> {
  const byDomain = new Map(companies.map((c) => [c.domain, c]));
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const domain = (() => {
        try {
          return (JSON.parse(body) as { domain?: string }).domain ?? '';
        } catch {
          return '';
        }
      })();
      const company = byDomain.get(domain);
      response.writeHead(company ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          company
            ? {
                headcount: company.headcount,
                annualRevenue: company.annualRevenue,
                industry: company.industry,
                technologies: company.technologies,
              }
            : {},
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/firmographics`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
