import { deriveEventId, type EventStore, type RecordedEvent } from '@leadline/event-store';
import type { LeadCaptured, LeadEnriched, LeadScored, LeadSentToRecyclePool } from '@leadline/domain';
import { leadEnriched } from '@leadline/domain/testing';
import { EventContext } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { waitFor } from '@leadline/testing';
import { scoringService } from '../src';
import { LeadEnrichedSubscription } from '../src/score-lead/lead-enriched.subscription';

let counter = 0;
function captured(source: LeadCaptured['data']['source']): LeadCaptured['data'] {
  const leadId = `s${Date.now().toString(36)}x${++counter}`;
  return {
    leadId,
    inbound: source === 'demo-request',
    captureId: `${leadId}-c`,
    source,
    vendorId: null,
    listId: null,
    campaignId: null,
    contact: { firstName: 'Ada', lastName: 'L', email: 'ada@acme.com', phone: null, title: 'CTO' },
    company: { name: 'Acme', domain: 'acme.com', website: null, country: 'GB' },
    consent: true,
    attributes: {},
    capturedAt: '2026-03-02T09:00:00.000Z',
  };
}

function enrichment(leadId: string, over: Partial<LeadEnriched['data']> = {}): LeadEnriched['data'] {
  return leadEnriched(leadId, '2026-03-02T09:00:01.000Z', {
    firmographics: { headcount: 2500, annualRevenue: 4e8, industry: 'software', technologies: ['aws', 'salesforce'] },
    timeZone: 'Europe/London',
    segment: 'enterprise',
    territory: 'uki',
    ...over,
  }).data;
}

describe.each(['pg', 'pglite'] as const)('scoring in-process on %s', (kind) => {
  let t: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp([scoringService], kind, 'scoring');
    ({ store } = t);
  });

  afterAll(() => t?.close());

  /** What lead-intake and enrichment would write, appended directly: this test depends on neither. */
  async function given(
    source: LeadCaptured['data']['source'],
    over: Partial<LeadEnriched['data']> = {},
  ): Promise<{ leadId: string; enriched: RecordedEvent }> {
    const lead = captured(source);
    await store.appendToStream(`lead-${lead.leadId}`, [
      { type: 'LeadCaptured', data: lead, metadata: { leadId: lead.leadId, correlationId: `corr-${lead.leadId}` } },
    ]);
    const { events } = await store.appendToStream(`enrichment-${lead.leadId}`, [
      {
        type: 'LeadEnriched',
        data: enrichment(lead.leadId, over),
        metadata: { leadId: lead.leadId, correlationId: `corr-${lead.leadId}` },
      },
    ]);
    return { leadId: lead.leadId, enriched: events[0] as RecordedEvent };
  }

  const scoreStream = (leadId: string) =>
    waitFor(
      async () => {
        const events = await store.readStream(`score-${leadId}`);
        return events.length > 0 ? events : null;
      },
      { timeoutMs: 15_000, message: `score-${leadId}` },
    );

  it('an ideal enriched lead is scored A with the model id, version, features and top reasons, linked to its cause', async () => {
    const { leadId, enriched } = await given('demo-request');
    const events = await scoreStream(leadId);
    expect(events.map((e) => e.type)).toEqual(['LeadScored']);
    const scored = events[0] as RecordedEvent<'LeadScored', LeadScored['data']>;
    expect(scored.id).toBe(deriveEventId(enriched.id, 'scored'));
    expect(scored.metadata).toMatchObject({ leadId, correlationId: `corr-${leadId}`, causationId: enriched.id });
    expect(scored.data).toMatchObject({
      leadId,
      modelId: 'leadline-icp',
      modelVersion: 1,
      score: 100,
      grade: 'A',
      features: {
        seniority: 'c-level',
        headcount: 2500,
        annualRevenue: 4e8,
        industry: 'software',
        technologies: 'aws,salesforce',
        leadSource: 'demo-request',
        inbound: true,
      },
    });
    expect(scored.data.reasons).toEqual([
      'c-level title, can sign the purchase (+25)',
      'inbound lead (demo-request) (+20)',
      'company of 2,500 employees (+15)',
    ]);
  });

  it('the source comes from the lead stream: the same enrichment scores lower from a purchased list', async () => {
    const inbound = await given('demo-request', { seniority: 'manager', buyingAuthority: false });
    const outbound = await given('purchased-list', { seniority: 'manager', buyingAuthority: false });
    const [a] = await scoreStream(inbound.leadId);
    const [b] = await scoreStream(outbound.leadId);
    expect((a?.data as LeadScored['data']).score).toBeGreaterThan((b?.data as LeadScored['data']).score);
  });

  it('the source LeadEnriched carries is used as is, with no read of the capture', async () => {
    // Captured as a purchased-list lead, enriched as carrying demo-request: the carried source decides.
    const { leadId } = await given('purchased-list', { source: 'demo-request' });
    const [scored] = await scoreStream(leadId);
    expect(scored?.data).toMatchObject({ features: { leadSource: 'demo-request', inbound: true } });
  });

  it('a delivered batch is scored in one call, each lead on its own; a cause in it already scored is not scored twice', async () => {
    const done = await given('demo-request');
    await scoreStream(done.leadId);
    // As a transport hands a batch, in one transaction; these two never reach the log and have no capture.
    const leadIds = [`${done.leadId}-b1`, `${done.leadId}-b2`];
    const causes = leadIds.map((leadId, i) => ({
      ...done.enriched,
      id: deriveEventId(done.enriched.id, `batch-${i}`),
      streamId: `enrichment-${leadId}`,
      data: enrichment(leadId, { source: i === 0 ? 'demo-request' : 'purchased-list' }),
      metadata: { leadId },
    }));
    await t.db.transaction((tx) =>
      t.app
        .get(LeadEnrichedSubscription)
        .onEnriched([done.enriched, ...causes] as never, new EventContext([{ tx, store: store.inTransaction(tx) }])),
    );
    expect(await store.readStream(`score-${done.leadId}`)).toHaveLength(1);
    const [first, second] = await Promise.all(leadIds.map((leadId) => scoreStream(leadId)));
    expect(first.map((e) => e.id)).toEqual([deriveEventId(causes[0].id, 'scored')]);
    expect(first[0].data).toMatchObject({ leadId: leadIds[0], features: { leadSource: 'demo-request' } });
    expect(second[0].data).toMatchObject({ leadId: leadIds[1], features: { leadSource: 'purchased-list' } });
  });

  it('a partially enriched lead (provider failed) is still scored, on what is known', async () => {
    const { leadId } = await given('inbound-web', {
      complete: false,
      failures: [{ provider: 'http', error: 'HTTP 500' }],
      firmographics: { headcount: null, annualRevenue: null, industry: null, technologies: [] },
      segment: 'unknown',
    });
    const [scored] = await scoreStream(leadId);
    expect(scored?.data).toMatchObject({ grade: 'C', features: { headcount: null, leadSource: 'inbound-web' } });
  });

  it('an F lead is sent to the recycle pool with the reason, not to SDRs', async () => {
    const { leadId, enriched } = await given('purchased-list', {
      complete: false,
      firmographics: { headcount: null, annualRevenue: null, industry: null, technologies: [] },
      seniority: 'individual-contributor',
      buyingAuthority: false,
      freeMail: true,
      segment: 'unknown',
    });
    const events = await scoreStream(leadId);
    expect(events.map((e) => e.type)).toEqual(['LeadScored', 'LeadSentToRecyclePool']);
    const recycled = events[1] as RecordedEvent<'LeadSentToRecyclePool', LeadSentToRecyclePool['data']>;
    expect(recycled.id).toBe(deriveEventId(enriched.id, 'recycled'));
    expect(recycled.data.reason).toBe(
      'grade F: score 6 is below the C threshold 35 (leadline-icp v1); weakest: individual-contributor title; outbound lead (purchased-list)',
    );
  });

  it('GET /scoring/models/current returns the active model', async () => {
    const response = await t.http().get('/scoring/models/current').expect(200);
    expect(response.body).toMatchObject({
      modelId: 'leadline-icp',
      version: 1,
      weights: { leadSource: 20 },
      thresholds: { A: 75, B: 55, C: 35 },
    });
  });
});
