import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deriveEventId, type EventStore, type RecordedEvent } from '@leadline/event-store';
import type { LeadCaptured, LeadEnriched } from '@leadline/domain';
import { EventContext } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { waitFor } from '@leadline/testing';
import { createEnrichmentService } from '../src';
import { LeadCapturedSubscription } from '../src/enrich-lead/lead-captured.subscription';

/** A real enrichment API: knows nothing (404) about most leads, fails (500) for those named "Failing". */
function startProviderServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { companyName } = JSON.parse(body) as { companyName: string | null };
      if (companyName === 'Failing') res.writeHead(500).end();
      else if (companyName === 'Remote')
        res.writeHead(200).end(JSON.stringify({ headcount: 300, industry: 'Telecommunications', technologies: ['HubSpot'] }));
      else res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/enrich` })),
  );
}

let counter = 0;
function captured(over: {
  source?: LeadCaptured['data']['source'];
  title?: string;
  email?: string;
  company?: string;
  domain?: string | null;
  phone?: string | null;
}): LeadCaptured['data'] {
  const leadId = `t${Date.now().toString(36)}x${++counter}`;
  return {
    leadId,
    inbound: true,
    captureId: `${leadId}-c`,
    source: over.source ?? 'demo-request',
    vendorId: null,
    listId: null,
    campaignId: null,
    contact: {
      firstName: 'Ada',
      lastName: 'L',
      email: over.email ?? 'ada@acme.com',
      phone: over.phone ?? '+442071838750',
      title: over.title ?? 'Chief Technology Officer',
    },
    company: { name: over.company ?? 'Acme', domain: over.domain === undefined ? 'acme.com' : over.domain, website: null, country: 'GB' },
    consent: true,
    attributes: {},
    capturedAt: '2026-03-02T09:00:00.000Z',
  };
}

describe.each(['pg', 'pglite'] as const)('enrichment in-process on %s', (kind) => {
  let t: TestApp;
  let store: EventStore;
  let provider: Server;

  beforeAll(async () => {
    const started = await startProviderServer();
    provider = started.server;
    const env = {
      ENRICHMENT_HTTP_URL: started.url,
      ENRICHMENT_HTTP_TIMEOUT_MS: '500',
      ENRICHMENT_HTTP_RETRIES: '1',
      ENRICHMENT_HTTP_BREAKER_FAILURES: '50',
    };
    t = await startTestApp([createEnrichmentService({ env })], kind, 'enrich-score');
    store = t.store;
    await t.db.query(
      `insert into enrichment.companies (domain, name, headcount, annual_revenue, industry, technologies)
       values ('acme.com', 'Acme', 2500, 400000000, 'software', '{salesforce,aws}')`,
    );
  });

  afterAll(async () => {
    await t?.close();
    provider?.closeAllConnections();
    await new Promise((resolve) => provider?.close(resolve));
  });

  async function capture(lead: LeadCaptured['data']): Promise<RecordedEvent> {
    const { events } = await store.appendToStream(`lead-${lead.leadId}`, [
      { type: 'LeadCaptured', data: lead, metadata: { leadId: lead.leadId, correlationId: `corr-${lead.leadId}` } },
    ]);
    return events[0] as RecordedEvent;
  }

  const journey = (leadId: string, category: string) =>
    waitFor(
      async () => {
        const events = await store.readStream(`${category}-${leadId}`);
        return events.length > 0 ? events : null;
      },
      { timeoutMs: 15_000, message: `${category}-${leadId}` },
    );

  it('a captured lead at a directory company is enriched completely, with id and metadata derived from the cause', async () => {
    const cause = await capture(captured({}));
    const leadId = (cause.data as LeadCaptured['data']).leadId;
    const events = await journey(leadId, 'enrichment');
    expect(events).toHaveLength(1);
    const enriched = events[0] as RecordedEvent<'LeadEnriched', LeadEnriched['data']>;
    expect(enriched.id).toBe(deriveEventId(cause.id, 'enriched'));
    expect(enriched.metadata).toMatchObject({ leadId, correlationId: `corr-${leadId}`, causationId: cause.id });
    expect(enriched.data).toMatchObject({
      leadId,
      complete: true,
      failures: [],
      firmographics: { headcount: 2500, annualRevenue: 400000000, industry: 'software', technologies: ['aws', 'salesforce'] },
      seniority: 'c-level',
      buyingAuthority: true,
      timeZone: 'Europe/London',
      freeMail: false,
      segment: 'enterprise',
      territory: 'uki',
    });
  });

  it('an unknown free-mail contact is partially enriched (nothing found), not failed', async () => {
    const lead = captured({
      source: 'purchased-list',
      title: 'Intern',
      email: 'kid@gmail.com',
      company: 'Nobody',
      domain: null,
      phone: null,
    });
    await capture(lead);
    const enriched = (await journey(lead.leadId, 'enrichment'))[0] as RecordedEvent<'LeadEnriched', LeadEnriched['data']>;
    expect(enriched.data).toMatchObject({
      complete: false,
      failures: [],
      freeMail: true,
      segment: 'unknown',
      seniority: 'individual-contributor',
      timeZone: 'Europe/London',
    });
  });

  it('the HTTP provider fills what the directory does not know', async () => {
    const lead = captured({ company: 'Remote', domain: 'remote.example', title: 'Sales Manager' });
    await capture(lead);
    const enriched = (await journey(lead.leadId, 'enrichment'))[0] as RecordedEvent<'LeadEnriched', LeadEnriched['data']>;
    expect(enriched.data).toMatchObject({
      complete: true,
      segment: 'mid-market',
      firmographics: { headcount: 300, industry: 'telecommunications', technologies: ['hubspot'] },
    });
  });

  it('a failing provider never stalls the lead: it flows on partially enriched, the failure listed, what others found kept', async () => {
    const lead = captured({ company: 'Failing' });
    await capture(lead);
    const enriched = (await journey(lead.leadId, 'enrichment'))[0] as RecordedEvent<'LeadEnriched', LeadEnriched['data']>;
    expect(enriched.data.complete).toBe(false);
    expect(enriched.data.failures).toEqual([{ provider: 'http', error: 'HTTP 500' }]);
    expect(enriched.data.firmographics.headcount).toBe(2500);
  });

  it('a redelivered LeadCaptured does not enrich twice (derived event id)', async () => {
    const cause = await capture(captured({}));
    const leadId = (cause.data as LeadCaptured['data']).leadId;
    const [first] = await journey(leadId, 'enrichment');
    const again = await store.appendToStream(`enrichment-${leadId}`, [
      { id: deriveEventId(cause.id, 'enriched'), type: 'LeadEnriched', data: first?.data },
    ]);
    expect(again.written).toBe(false);
    expect(await store.readStream(`enrichment-${leadId}`)).toHaveLength(1);
  });

  it('a delivered batch is enriched in one call, each lead on its own; a cause in it already handled is not enriched twice', async () => {
    const done = await capture(captured({}));
    const doneId = (done.data as LeadCaptured['data']).leadId;
    await journey(doneId, 'enrichment');
    const leads = [
      captured({ domain: 'ACME.com' }),
      captured({ company: 'Remote', domain: 'remote.example' }),
      captured({ company: 'Failing' }),
    ];
    // As a transport hands a batch: the causes in log order, in one transaction (these three never reach the log).
    const causes = leads.map((lead, i) => ({
      ...done,
      id: deriveEventId(done.id, `batch-${i}`),
      data: lead,
      metadata: { leadId: lead.leadId },
    }));
    await t.db.transaction((tx) =>
      t.app
        .get(LeadCapturedSubscription)
        .onCaptured([done, ...causes] as never, new EventContext([{ tx, store: store.inTransaction(tx) }])),
    );
    expect(await store.readStream(`enrichment-${doneId}`)).toHaveLength(1);
    const enriched = await Promise.all(leads.map(async (lead) => (await journey(lead.leadId, 'enrichment')) as RecordedEvent[]));
    expect(enriched.map((events) => events.length)).toEqual([1, 1, 1]);
    const [[acme], [remote], [failing]] = enriched as RecordedEvent<'LeadEnriched', LeadEnriched['data']>[][];
    expect(acme.id).toBe(deriveEventId(causes[0].id, 'enriched'));
    expect(acme.data).toMatchObject({ leadId: leads[0].leadId, complete: true, firmographics: { headcount: 2500 } });
    expect(remote.data).toMatchObject({ complete: true, firmographics: { headcount: 300 } });
    expect(failing.data).toMatchObject({
      complete: false,
      failures: [{ provider: 'http', error: 'HTTP 500' }],
      firmographics: { headcount: 2500 },
    });
  });
});
