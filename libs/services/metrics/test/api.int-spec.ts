import request from 'supertest';
import { VirtualClock } from '@leadline/scheduling';
import { waitFor } from '@leadline/testing';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { createVersion } from '../src/engine/versions';
import { READ_MODELS } from '../src/read-models';
import { startApiTestApp, type ApiTestApp } from './api-test-app';
import { DRIVERS } from './drivers';
import { HISTORY, t } from './fixtures/metrics-history';

const MARCH = { from: '2026-03-01', to: '2026-04-01' };
type Body = Record<string, unknown> & { rows: Record<string, unknown>[] };

describe.each(DRIVERS)('metrics query API on %s', (driver) => {
  const clock = new VirtualClock('2026-05-01T00:00:00.000Z');
  let api: ApiTestApp;
  const get = async (path: string, query: Record<string, string | number> = {}, status = 200): Promise<Body> =>
    (await request(api.url).get(path).query(query).expect(status)).body as Body;

  beforeAll(async () => {
    api = await startApiTestApp(driver, `metrics-api-${driver}`, { clock });
    await api.load(HISTORY);
  });
  afterAll(() => api?.close());

  describe('funnel', () => {
    it('counts the March cohort per stage, with lead-to-opportunity', async () => {
      const body = await get('/metrics/funnel', { ...MARCH, period: 'month' });
      expect(body).toMatchObject({
        asOf: '2026-05-01T00:00:00.000Z',
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-04-01T00:00:00.000Z',
        period: 'month',
      });
      expect(body.rows).toEqual([
        expect.objectContaining({
          bucket: '2026-03-01',
          segment: '*',
          source: '*',
          captured: 7,
          contacted: 6,
          qualified: 5,
          appointment: 5,
          opportunity: 3,
          won: 1,
        }),
      ]);
      expect(body.rows[0].leadToOpportunity).toBeCloseTo(3 / 7, 10);
    });

    it('travels in time: as of March 3 noon nothing had become an opportunity yet', async () => {
      const noon = await get('/metrics/funnel', { ...MARCH, period: 'month', asOf: t('03-03 12:00') });
      expect(noon.rows).toEqual([
        expect.objectContaining({ captured: 7, contacted: 5, qualified: 4, appointment: 4, opportunity: 0, won: 0 }),
      ]);
      const early = await get('/metrics/funnel', { ...MARCH, period: 'month', asOf: t('03-02 10:30') });
      expect(early.rows).toEqual([expect.objectContaining({ captured: 2, contacted: 2, qualified: 2, appointment: 2 })]);
    });

    it('splits by the dimensions asked for and filters', async () => {
      const bySource = await get('/metrics/funnel', { ...MARCH, period: 'month', by: 'source' });
      expect(Object.fromEntries(bySource.rows.map((r) => [r.source, r.captured]))).toEqual({
        'content-download': 1,
        'demo-request': 2,
        'inbound-web': 2,
        'purchased-list': 2,
      });
      expect(bySource.rows.every((r) => r.segment === '*')).toBe(true);
      const v1 = await get('/metrics/funnel', { ...MARCH, period: 'month', vendorId: 'V1' });
      expect(v1.rows).toEqual([expect.objectContaining({ captured: 2, qualified: 1 })]);
    });
  });

  describe('speed to lead and SLA breaches', () => {
    it('gives the median, p90 and share within 5 minutes of the March cohort', async () => {
      const body = await get('/metrics/speed-to-lead', { ...MARCH, period: 'month', level: 'all' });
      // First-touch latencies (s): L7 60, L1 120, L3 180, L5 240, L2 480, L4 79 200; L6 untouched.
      expect(body.rows).toEqual([
        {
          bucket: '2026-03-01',
          level: 'all',
          team: null,
          sdrId: null,
          leads: 7,
          touched: 6,
          medianSeconds: 210,
          p90Seconds: 39_840,
          withinSla: 4,
          shareWithinSla: 4 / 7,
          breaches: 1,
        },
      ]);
      const perSdr = await get('/metrics/speed-to-lead', { ...MARCH, period: 'month', level: 'sdr', team: 'inbound' });
      expect(perSdr.rows.map((r) => [r.sdrId, r.leads, r.breaches])).toEqual([
        ['s1', 2, 1], // L1, L5; the breach of L2 is s1's, who held it at the deadline
        ['s2', 3, 0], // L2 (first touched by s2 after the reassignment), L3, L7
      ]);
    });

    it('lists breaches with the SDR, the lead and its eventual first touch, as of a moment', async () => {
      const body = await get('/metrics/sla-breaches', MARCH);
      expect(body).toMatchObject({ total: 1, limit: 100, offset: 0 });
      expect(body.rows).toEqual([
        {
          eventId: expect.any(String),
          leadId: 'L2',
          sdrId: 's1',
          sdrName: 'Ann',
          slaDueAt: t('03-02 10:05'),
          breachedAt: t('03-02 10:05'),
          capturedAt: t('03-02 10:00'),
          source: 'demo-request',
          segment: 'smb',
          team: 'inbound',
          firstTouchAt: t('03-02 10:08'),
          firstTouchSdrId: 's2',
          latencySeconds: 480,
        },
      ]);
      const beforeTouch = await get('/metrics/sla-breaches', { ...MARCH, asOf: t('03-02 10:06') });
      expect(beforeTouch.rows).toEqual([expect.objectContaining({ leadId: 'L2', firstTouchAt: null, latencySeconds: null })]);
      expect((await get('/metrics/sla-breaches', { ...MARCH, asOf: t('03-02 10:04') })).total).toBe(0);
      expect((await get('/metrics/sla-breaches', { ...MARCH, team: 'outbound' })).total).toBe(0);
      expect((await get('/metrics/sla-breaches', { ...MARCH, sdrId: 's2' })).total).toBe(0);
    });
  });

  describe('lost deals', () => {
    it('lists lost deals with reasons and the count per reason, newest first', async () => {
      const body = await get('/metrics/lost-deals', { from: '2026-02-01', to: '2026-04-01' });
      expect(body.byReason).toEqual([
        { reason: 'competitor', deals: 1 },
        { reason: 'price', deals: 1 },
      ]);
      expect(body.rows).toEqual([
        {
          opportunityId: 'O2',
          leadId: 'L2',
          aeId: 'a1',
          openedAt: t('03-06 10:00'),
          lostAt: t('03-20 10:00'),
          reason: 'price',
          hopeless: false,
          daysOpen: 14,
          lostInStage: 'demo',
          segment: 'smb',
          source: 'demo-request',
          vendorId: null,
          campaignId: 'C1',
        },
        {
          opportunityId: 'OH2',
          leadId: 'H2',
          aeId: 'a2',
          openedAt: t('02-06 10:00'),
          lostAt: t('02-15 10:00'),
          reason: 'competitor',
          hopeless: true,
          daysOpen: 9,
          lostInStage: 'discovery',
          segment: 'smb',
          source: 'demo-request',
          vendorId: null,
          campaignId: null,
        },
      ]);
      expect(
        (await get('/metrics/lost-deals', { from: '2026-02-01', to: '2026-04-01', asOf: t('03-01 00:00') })).rows.map(
          (r) => r.opportunityId,
        ),
      ).toEqual(['OH2']);
      expect(
        (await get('/metrics/lost-deals', { from: '2026-02-01', to: '2026-04-01', aeId: 'a1' })).rows.map((r) => r.opportunityId),
      ).toEqual(['O2']);
      const paged = await get('/metrics/lost-deals', { from: '2026-02-01', to: '2026-04-01', limit: 1, offset: 1 });
      expect([paged.total, paged.rows.map((r) => r.opportunityId)]).toEqual([2, ['OH2']]);
    });
  });

  describe('reps, stages, marketing, fairness, customers (expectations from fixtures/metrics-history.ts, worked out in read-models.int-spec.ts)', () => {
    const END = { asOf: t('04-30 00:00') };

    it('SDR statistics per month for the outbound team', async () => {
      const body = await get('/metrics/sdrs', { ...MARCH, ...END, period: 'month', team: 'outbound' });
      expect(body.rows).toEqual([
        {
          bucket: '2026-03-01',
          sdrId: 's3',
          name: 'Cid',
          team: 'outbound',
          leadsAssigned: 2,
          calls: 2,
          emails: 0,
          social: 0,
          activities: 2,
          conversations: 1,
          contactRate: 0.5,
          qualified: 1,
          disqualified: 0,
          appointmentsSet: 1,
        },
      ]);
    });

    it('AE statistics, and as of a past moment, with the sales engineers', async () => {
      const body = await get('/metrics/aes', { ...MARCH, ...END });
      expect(
        body.rows.map((r) => [
          r.aeId,
          r.appointmentsBooked,
          r.appointmentsHeld,
          r.performRate,
          r.openDeals,
          r.opportunitiesReceived,
          r.won,
          r.closeRate,
          r.avgDealSize,
        ]),
      ).toEqual([
        ['a1', 3, 2, 2 / 3, 0, 2, 1, 0.5, 12_000],
        ['a2', 2, 1, 0.5, 0, 0, 0, null, null],
        ['a3', 0, 0, null, 1, 1, 0, 0, null],
      ]);
      expect(body.salesEngineers).toEqual([{ seId: 'e1', name: 'Eve', opportunities: 2, won: 1, lost: 0, closeRate: 0.5 }]);
      const past = await get('/metrics/aes', { ...MARCH, asOf: t('03-05 00:00'), aeId: 'a1' });
      expect(past.rows.map((r) => [r.aeId, r.appointmentsHeld, r.openDeals])).toEqual([['a1', 1, 1]]);
    });

    it('time in each stage per deal and on average', async () => {
      const DAY = 86_400;
      const body = (await get('/metrics/stages', { ...MARCH, ...END })) as unknown as {
        averages: Record<string, unknown>[];
        totalDeals: number;
        deals: Record<string, unknown>[];
      };
      expect(body.averages.map((a) => [a.stage, a.deals, a.completedDeals])).toEqual([
        ['discovery', 3, 3],
        ['demo', 2, 2],
        ['proposal', 2, 2],
        ['negotiation', 1, 0],
      ]);
      expect(body.averages[1].avgSeconds).toBeCloseTo(7.5 * DAY, 3);
      expect(body.totalDeals).toBe(3);
      expect(body.deals[2]).toEqual({
        opportunityId: 'O3',
        leadId: 'L5',
        openedAt: t('03-10 15:00'),
        stage: 'negotiation',
        discoverySeconds: 2 * DAY,
        demoSeconds: 0,
        proposalSeconds: 4 * DAY,
        negotiationSeconds: 44 * DAY + 9 * 3600,
      });
      const one = (await get('/metrics/stages', { ...MARCH, asOf: t('03-08 11:00'), opportunityId: 'O1' })) as unknown as {
        deals: Record<string, unknown>[];
      };
      expect(one.deals).toEqual([
        expect.objectContaining({ opportunityId: 'O1', stage: 'demo', discoverySeconds: 2 * DAY, demoSeconds: 2 * DAY }),
      ]);
      const paged = (await get('/metrics/stages', { ...MARCH, ...END, limit: 1, offset: 1 })) as unknown as {
        deals: Record<string, unknown>[];
      };
      expect(paged.deals.map((d) => d.opportunityId)).toEqual(['O2']);
    });

    it('source and vendor quality against the others’ history', async () => {
      const sources = await get('/metrics/sources', { ...MARCH, ...END });
      expect(sources.by).toBe('source');
      expect(sources.rows.find((r) => r.groupKey === 'inbound-web')).toMatchObject({
        leads: 2,
        opportunities: 2,
        won: 1,
        closeRate: 0.5,
        baselineLeads: 5,
        baselineCloseRate: 0.4,
      });
      const vendors = await get('/metrics/sources', { ...MARCH, ...END, by: 'vendor' });
      expect(vendors.rows.map((r) => [r.groupKey, r.leads, r.duplicates, r.baselineCloseRate])).toEqual([
        ['V1', 2, 0, 0],
        ['V2', 0, 1, 1],
      ]);
    });

    it('campaign reach, positive, negative, callback and close rates', async () => {
      const body = await get('/metrics/campaigns', { ...MARCH, ...END });
      expect(body.rows).toEqual([
        {
          campaignId: 'C1',
          leads: 2,
          touches: 2,
          attempted: 2,
          reached: 2,
          positive: 1,
          negative: 0,
          callback: 0,
          won: 1,
          reachRate: 1,
          positiveReachRate: 0.5,
          negativeReachRate: 0,
          callbackRate: 0,
          closeRate: 0.5,
        },
        {
          campaignId: 'C2',
          leads: 3,
          touches: 5,
          attempted: 2,
          reached: 2,
          positive: 0,
          negative: 1,
          callback: 1,
          won: 0,
          reachRate: 1,
          positiveReachRate: 0,
          negativeReachRate: 0.5,
          callbackRate: 0.5,
          closeRate: 0,
        },
      ]);
      const past = await get('/metrics/campaigns', { ...MARCH, asOf: t('03-02 11:45'), campaignId: 'C2' });
      expect(past.rows).toEqual([expect.objectContaining({ campaignId: 'C2', leads: 1, callback: 1 })]);
    });

    it("distribution fairness per month with Jain's index, now and before the reschedule", async () => {
      const body = await get('/metrics/fairness', { ...MARCH, ...END });
      expect(body.rows).toEqual([
        {
          month: '2026-03',
          aes: 3,
          booked: 5,
          credited: 3,
          minCredited: 0,
          maxCredited: 2,
          spread: 2,
          jainIndex: 0.6,
          equalityTraded: 0,
          creditedByAe: { a1: 2, a2: 1, a3: 0 },
        },
      ]);
      const past = await get('/metrics/fairness', { ...MARCH, asOf: t('03-03 23:59') });
      expect(past.rows[0]).toMatchObject({ credited: 5, spread: 3, creditedByAe: { a1: 2, a2: 3, a3: 0 } });
      expect(past.rows[0].jainIndex).toBeCloseTo(25 / 39, 10);
    });

    it('customers: churn and renewal per month, LTV, CAC from the recorded spend, managers', async () => {
      const body = (await get('/metrics/customers', { from: '2026-02-01', to: '2026-05-01', asOf: t('04-30 23:00') })) as unknown as Record<
        string,
        Record<string, unknown>[]
      >;
      expect(body.months.map((m) => [m.month, m.customersAtStart, m.newCustomers, m.churned, m.renewals])).toEqual([
        ['2026-02', 0, 2, 0, 0],
        ['2026-03', 2, 1, 0, 0],
        ['2026-04', 3, 0, 1, 1],
      ]);
      expect(body.lifetimeValue[0]).toMatchObject({
        level: 'all',
        customers: 3,
        avgContractValue: 15_500,
        churnShare: 0.5,
        predictedLtv: 31_000,
      });
      expect(body.cac.map((c) => [c.month, c.currency, c.spend, c.newCustomers, c.cac, c.costPerQualifiedLead])).toEqual([
        ['2026-02', 'EUR', 4_000, 2, 2_000, null],
        ['2026-03', 'EUR', 9_000, 1, 9_000, 1_800],
      ]);
      expect(body.managers.map((m) => [m.managerId, m.clients])).toEqual([
        ['m1', 2],
        ['m2', 0],
      ]);
    });

    it('marketing SLA: implied lead value per segment against quotas, with configured lead values', async () => {
      const body = (await get('/metrics/marketing-sla', {
        ...MARCH,
        ...END,
        quotas: 'smb:10000,mid-market:5000',
        leadValues: 'smb/inbound-web:2000',
      })) as unknown as Record<string, Record<string, unknown>[]>;
      expect(body.segments.find((r) => r.segment === 'smb')).toEqual({
        segment: 'smb',
        leads: 3,
        impliedValue: 9_000,
        quota: 10_000,
        attainment: 0.9,
        qualifiedLeads: 3,
        qualifiedValue: 9_000,
      });
      expect(body.leadValues.find((r) => r.segment === 'smb' && r.source === 'inbound-web')).toMatchObject({
        basis: 'configuration',
        valuePerLead: 2_000,
        impliedValue: 4_000,
      });
      expect(body.leadValues.find((r) => r.segment === 'smb' && r.source === 'demo-request')).toMatchObject({
        basis: 'history',
        pWon: 0.5,
        valuePerLead: 5_000,
      });
      expect(JSON.stringify(await get('/metrics/marketing-sla', { quotas: 'smb=10000' }, 400))).toMatch(
        /quotas must be segment:amount pairs/,
      );
    });
  });

  describe('bad parameters', () => {
    it.each<[string, Record<string, string | number>, RegExp]>([
      ['a zone-less asOf', { asOf: '2026-03-01T10:00' }, /asOf must be a date .* or an ISO-8601 instant with a zone/],
      ['asOf that is not a date', { asOf: 'yesterday' }, /asOf must be a date/],
      ['from after to', { from: '2026-04-01', to: '2026-03-01' }, /from \(2026-04-01T00:00:00.000Z\) must be before to/],
      ['an unknown period', { period: 'year' }, /period must be one of the following values: day, week, month/],
      ['an unknown dimension', { by: 'segment,colour' }, /by must be a comma-separated list of segment, source, vendor, campaign/],
      ['an unknown parameter', { colour: 'red' }, /property colour should not exist/],
      ['an unknown lead source', { source: 'billboard' }, /source must be one of the following values/],
      [
        'a window of too many days',
        { from: '2020-01-01', to: '2026-01-01' },
        /spans more than 1000 days; narrow it or use a larger period/,
      ],
    ])('answers 400 for %s on /metrics/funnel', async (_name, query, message) => {
      const body = await get('/metrics/funnel', query, 400);
      expect((body as unknown as { message: string[] }).message.join('\n')).toMatch(message);
    });

    it('answers 400 for a page size out of range and a bad SLA', async () => {
      expect(JSON.stringify(await get('/metrics/lost-deals', { limit: 0 }, 400))).toMatch(/limit must not be less than 1/);
      expect(JSON.stringify(await get('/metrics/sla-breaches', { limit: 'ten' }, 400))).toMatch(/limit must be an integer/);
      expect(JSON.stringify(await get('/metrics/speed-to-lead', { slaSeconds: -5 }, 400))).toMatch(/slaSeconds must not be less than 1/);
    });
  });

  describe('versions and rebuild', () => {
    it('shows the live version caught up with the log', async () => {
      const body = (await get('/metrics/versions')) as unknown as { live: number; logEvents: number; versions: Record<string, unknown>[] };
      expect(body.live).toBe(1);
      expect(body.logEvents).toBe(HISTORY.length);
      expect(body.versions).toEqual([
        expect.objectContaining({
          version: 1,
          status: 'live',
          schema: 'metrics_v1',
          current: true,
          eventsApplied: HISTORY.length,
          eventsBehind: 0,
        }),
      ]);
    });

    it('rebuilds into a new version that answers exactly as the live one did, then retires the old one', async () => {
      const before = await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' });
      const started = (await request(api.url).post('/metrics/rebuild').expect(202)).body as { version: number; status: string };
      expect(started).toEqual({ version: 2, status: 'building', statusUrl: '/metrics/versions' });
      await api.caughtUp();
      const versions = (await get('/metrics/versions')) as unknown as { live: number; versions: { version: number; status: string }[] };
      expect(versions.live).toBe(2);
      expect(versions.versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'retired'],
        [2, 'live'],
      ]);
      expect(await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' })).toEqual(before);
    });

    it('refuses a second rebuild while one is building', async () => {
      const runner = api.app.get(MetricsRunner);
      await runner.stop();
      try {
        const building = await createVersion(api.db, READ_MODELS);
        const res = await request(api.url).post('/metrics/rebuild').expect(409);
        expect(res.body.message).toMatch(new RegExp(`metrics version ${building.version} is already being rebuilt`));
      } finally {
        await runner.start();
      }
      await api.caughtUp();
    });
    it('rebuilds one read model on request (the others copied from the live version) and answers as before; an unknown model is a 400', async () => {
      expect((await request(api.url).post('/metrics/rebuild?model=nope').expect(400)).body.message).toMatch(/Unknown read model nope/);
      const before = await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' });
      const started = (await request(api.url).post('/metrics/rebuild?model=leads').expect(202)).body as { version: number };
      await waitFor(async () => ((await get('/metrics/versions')) as unknown as { live: number }).live === started.version, {
        message: 'the one-model version went live',
        timeoutMs: 60_000,
      });
      expect(await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' })).toEqual(before);
    });
  });

  it('documents every metrics endpoint in the OpenAPI document at /docs', async () => {
    const doc = (await request(api.url).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const reads = [
      'funnel',
      'speed-to-lead',
      'sla-breaches',
      'sdrs',
      'aes',
      'stages',
      'lost-deals',
      'sources',
      'campaigns',
      'fairness',
      'customers',
      'marketing-sla',
      'versions',
    ];
    for (const path of reads.map((name) => `/metrics/${name}`)) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    expect(doc.paths['/metrics/rebuild']?.post).toBeDefined();
    expect(doc.paths['/metrics/spend']?.post).toBeDefined();
    expect(doc.paths['/metrics/spend/import']?.post).toBeDefined();
    expect(doc.paths['/metrics/funnel'].get.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'from', 'to', 'period', 'by', 'segment', 'source', 'vendorId', 'campaignId']),
    );
  });
});
