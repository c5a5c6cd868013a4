import { VirtualClock } from '@leadline/scheduling';
import { waitFor } from '@leadline/testing';
import { MetricsRunner } from '../src/engine/metrics-runner';
import { createVersion } from '../src/engine/versions';
import { READ_MODELS } from '../src/read-models';
import { startApiTestApp, type ApiTestApp } from './api-test-app';
import { DRIVERS } from './drivers';
import { HISTORY, t } from './fixtures/metrics-history';
import { MARCH_CAMPAIGNS, answered } from './fixtures/metric-rows';

const MARCH = { from: '2026-03-01', to: '2026-04-01' };
type Body = Record<string, unknown> & { rows: Record<string, unknown>[] };

describe.each(DRIVERS)('metrics query API on %s', (driver) => {
  const clock = new VirtualClock('2026-05-01T00:00:00.000Z');
  let api: ApiTestApp;
  const get = async (path: string, query: Record<string, string | number> = {}, status = 200): Promise<Body> =>
    (await api.http().get(path).query(query).expect(status)).body as Body;

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
    it('gives the median, p90 and share within 5 minutes of the March inbound cohort, to first attempt and to first conversation', async () => {
      const body = await get('/metrics/speed-to-lead', { ...MARCH, period: 'month', level: 'all', scope: 'inbound' });
      // Inbound leads L1 L2 L3 L5 L7 (the list leads L4 L6 are outbound, not under the 5-minute rule). First attempt (s):
      // 60, 120, 180, 240, 480; first conversation: 60, 120, 240, 480, 1,800 (L3's callback); 7 activities.
      expect(body.rows).toEqual([
        {
          bucket: '2026-03-01',
          scope: 'inbound',
          level: 'all',
          team: null,
          sdrId: null,
          leads: 5,
          touched: 5,
          medianSeconds: 180,
          p90Seconds: 384,
          withinSla: 4,
          shareWithinSla: 0.8,
          reached: 5,
          medianConversationSeconds: 240,
          p90ConversationSeconds: 1_272,
          reachedWithinSla: 3,
          shareReachedWithinSla: 0.6,
          attempts: 7,
          attemptsPerLead: 1.4,
          breaches: 1,
        },
      ]);
      const perSdr = await get('/metrics/speed-to-lead', { ...MARCH, period: 'month', level: 'sdr', team: 'inbound' });
      expect(perSdr.rows.map((r) => [r.sdrId, r.leads, r.breaches, r.attemptsPerLead])).toEqual([
        ['s1', 2, 1, 1], // L1, L5; the breach of L2 is s1's, who held it at the deadline
        ['s2', 3, 0, 5 / 3], // L2 (first touched by s2 after the reassignment), L3, L7
      ]);
      const outbound = await get('/metrics/speed-to-lead', { ...MARCH, period: 'month', level: 'all', scope: 'outbound' });
      expect(outbound.rows.map((r) => [r.leads, r.touched, r.reached])).toEqual([[2, 1, 1]]);
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
      expect(body.rows).toEqual(MARCH_CAMPAIGNS.map(answered));
      const past = await get('/metrics/campaigns', { ...MARCH, asOf: t('03-02 11:45'), campaignId: 'C2' });
      expect(past.rows).toEqual([expect.objectContaining({ campaignId: 'C2', leads: 1, callback: 1 })]);
    });

    it("distribution fairness per peer group with Jain's index, the roster beside, now and before the reschedule", async () => {
      const hunters = 'hunter|*|UTC|1,2,3,4,5|09:00|17:00';
      const body = (await get('/metrics/fairness', { ...MARCH, ...END })) as unknown as { groups: Body['rows']; roster: Body['rows'] };
      expect(body.groups.map((g) => [g.peerGroup, g.creditedByAe, g.spread, g.jainIndex, g.setAside])).toEqual([
        ['demo-guru|*|UTC|1,2,3,4,5|09:00|17:00', { a2: 1 }, 0, 1, {}],
        [hunters, { a1: 2, a3: 0 }, 2, 0.5, {}],
      ]);
      expect(body.roster).toEqual([
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
          overrides: 0,
          creditedByAe: { a1: 2, a2: 1, a3: 0 },
        },
      ]);
      const past = (await get('/metrics/fairness', { ...MARCH, asOf: t('03-03 23:59') })) as unknown as { roster: Body['rows'] };
      expect(past.roster[0]).toMatchObject({ credited: 5, spread: 3, creditedByAe: { a1: 2, a2: 3, a3: 0 } });
      expect(past.roster[0].jainIndex).toBeCloseTo(25 / 39, 10);
      const one = (await get('/metrics/fairness', { ...MARCH, peerGroup: hunters })) as unknown as { groups: Body['rows'] };
      expect(one.groups.map((g) => g.peerGroup)).toEqual([hunters]);
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

  describe('lists, pipeline value and CAC by channel (as of 30 April unless said otherwise)', () => {
    const END = { asOf: t('04-30 00:00') };
    const ids = (body: Body, key: string) => body.rows.map((r) => r[key]);

    it('pipeline value per open stage: amounts estimated from the won deals of the segment, weighted by stage', async () => {
      // Open as of the end: O3 (L5, smb, negotiation). Won smb deals: OH1 10,000 and O1 12,000, so O3 is valued at 11,000.
      const end = (await get('/metrics/pipeline-value', END)) as unknown as { stageWeights: object; stages: Body['rows'] };
      expect(end.stageWeights).toEqual({ discovery: 0.1, demo: 0.25, proposal: 0.5, negotiation: 0.75 });
      expect(end.stages).toEqual([
        { stage: 'negotiation', deals: 1, valuedDeals: 1, amount: 11_000, weight: 0.75, weightedAmount: 8_250 },
        { stage: 'all', deals: 1, valuedDeals: 1, amount: 11_000, weight: null, weightedAmount: 8_250 },
      ]);
      // On 10 March: O1 in proposal, O2 in demo, O3 in discovery, all smb; the only smb deal won by then is OH1 (10,000).
      const past = (await get('/metrics/pipeline-value', { asOf: t('03-10 16:00') })) as unknown as { stages: Body['rows'] };
      expect(past.stages.map((r) => [r.stage, r.deals, r.amount, r.weightedAmount])).toEqual([
        ['discovery', 1, 10_000, 1_000],
        ['demo', 1, 10_000, 2_500],
        ['proposal', 1, 10_000, 5_000],
        ['all', 3, 30_000, 8_500],
      ]);
      expect(((await get('/metrics/pipeline-value', { ...END, aeId: 'a1' })) as unknown as { stages: Body['rows'] }).stages).toEqual([
        { stage: 'all', deals: 0, valuedDeals: 0, amount: 0, weight: null, weightedAmount: 0 },
      ]);
    });

    it('lists opportunities by stage, owner and amount, newest first', async () => {
      const all = await get('/metrics/lists/opportunities', END);
      expect(all).toMatchObject({ asOf: END.asOf, total: 6, limit: 100, offset: 0 });
      expect(all.rows[0]).toEqual({
        opportunityId: 'O3',
        leadId: 'L5',
        companyName: 'Company L5',
        segment: 'smb',
        source: 'inbound-web',
        aeId: 'a3',
        stage: 'negotiation',
        stageAt: t('03-16 15:00'),
        openedAt: t('03-10 15:00'),
        wonAt: null,
        lostAt: null,
        lostReason: null,
        amount: 11_000,
        amountBasis: 'segment-average',
        stageWeight: 0.75,
        weightedAmount: 8_250,
      });
      expect(ids(await get('/metrics/lists/opportunities', { ...END, stage: 'won' }), 'opportunityId')).toEqual(['O1', 'OH4', 'OH1']);
      expect(ids(await get('/metrics/lists/opportunities', { ...END, minAmount: 20_000 }), 'opportunityId')).toEqual(['OH4']);
      expect(ids(await get('/metrics/lists/opportunities', { ...END, aeId: 'a3' }), 'opportunityId')).toEqual(['O3', 'OH4']);
      expect(ids(await get('/metrics/lists/opportunities', { ...END, segment: 'mid-market' }), 'opportunityId')).toEqual(['OH4']);
      const page = await get('/metrics/lists/opportunities', { ...END, limit: 2, offset: 2 });
      expect([page.total, ids(page, 'opportunityId')]).toEqual([6, ['O1', 'OH4']]);
    });

    it('lists appointments by AE (after reschedules), status and day', async () => {
      const all = await get('/metrics/lists/appointments', END);
      expect(all.rows.map((r) => [r.appointmentId, r.aeId, r.status])).toEqual([
        ['AP1', 'a1', 'held'],
        ['AP2', 'a1', 'held'],
        ['AP3', 'a2', 'no-show'],
        ['AP4', 'a2', 'held'],
        ['AP5', 'a1', 'cancelled'],
      ]);
      expect(all.rows[1]).toMatchObject({ leadId: 'L2', startAt: t('03-06 09:00'), movedForward: true, creditMonth: '2026-03' });
      expect(ids(await get('/metrics/lists/appointments', { ...END, aeId: 'a2', status: 'held' }), 'appointmentId')).toEqual(['AP4']);
      expect(ids(await get('/metrics/lists/appointments', { ...END, date: '2026-03-09' }), 'appointmentId')).toEqual(['AP3']);
      expect(
        ids(await get('/metrics/lists/appointments', { ...END, startsFrom: '2026-03-06', startsBefore: '2026-03-11' }), 'appointmentId'),
      ).toEqual(['AP2', 'AP3', 'AP4']);
      // Before the reschedule of 4 March, AP2 was a2's, on the 5th, and still to come.
      const before = await get('/metrics/lists/appointments', { asOf: t('03-03 23:59'), aeId: 'a2' });
      expect(before.rows.map((r) => [r.appointmentId, r.startAt, r.status])).toEqual([
        ['AP2', t('03-05 09:00'), 'booked'],
        ['AP3', t('03-09 10:00'), 'booked'],
        ['AP4', t('03-10 14:00'), 'booked'],
      ]);
    });

    it('lists customers by renewal date, manager and status', async () => {
      const all = await get('/metrics/lists/customers', END);
      expect(all.rows.map((r) => [r.customerId, r.managerId, r.renewalDate, r.status])).toEqual([
        ['CU_H4', 'm2', t('04-20 00:00'), 'churned'],
        ['CU1', 'm1', '2027-03-14T00:00:00.000Z', 'active'],
        ['CU_H1', 'm1', '2027-04-15T00:00:00.000Z', 'active'],
      ]);
      expect(all.rows[1]).toMatchObject({ leadId: 'L1', companyName: 'Acme Corporation', segment: 'smb', amount: 12_000 });
      expect(ids(await get('/metrics/lists/customers', { ...END, managerId: 'm1', status: 'active' }), 'customerId')).toEqual([
        'CU1',
        'CU_H1',
      ]);
      expect(ids(await get('/metrics/lists/customers', { ...END, renewalBefore: '2027-01-01' }), 'customerId')).toEqual(['CU_H4']);
      // Mid-March CU1 was still m2's and CU_H1 had not renewed.
      const mid = await get('/metrics/lists/customers', { asOf: t('03-15 00:00') });
      expect(mid.rows.map((r) => [r.customerId, r.managerId, r.renewalDate])).toEqual([
        ['CU_H1', 'm1', t('04-15 00:00')],
        ['CU_H4', 'm2', t('04-20 00:00')],
        ['CU1', 'm2', '2027-03-14T00:00:00.000Z'],
      ]);
    });

    it('searches leads by stage, owner, source, grade and company', async () => {
      const all = await get('/metrics/lists/leads', END);
      expect(all.total).toBe(12);
      expect(all.rows[0]).toMatchObject({ leadId: 'L7', stage: 'appointment', ownerId: 's2', team: 'inbound', source: 'demo-request' });
      expect(ids(await get('/metrics/lists/leads', { ...END, stage: 'appointment' }), 'leadId')).toEqual(['L7', 'L4']);
      expect(ids(await get('/metrics/lists/leads', { ...END, ownerId: 's2' }), 'leadId')).toEqual(['L7', 'L3', 'L2']);
      expect(ids(await get('/metrics/lists/leads', { ...END, source: 'purchased-list' }), 'leadId')).toEqual(['L6', 'L4', 'H5', 'H4']);
      expect(ids(await get('/metrics/lists/leads', { ...END, grade: 'A' }), 'leadId')).toEqual(['L1']);
      expect(ids(await get('/metrics/lists/leads', { ...END, company: 'ACME' }), 'leadId')).toEqual(['L1']);
      expect(ids(await get('/metrics/lists/leads', { ...END, company: 'l3.example' }), 'leadId')).toEqual(['L3']);
      expect((await get('/metrics/lists/leads', { ...END, stage: 'customer' })).rows.map((r) => [r.leadId, r.stage, r.segment])).toEqual([
        ['L1', 'customer', 'smb'],
        ['H4', 'customer', 'mid-market'],
        ['H1', 'customer', 'smb'],
      ]);
      // L2 moved from s1 to s2 at 10:05 on 2 March.
      expect(ids(await get('/metrics/lists/leads', { asOf: t('03-02 10:04'), ownerId: 's1' }), 'leadId')).toEqual(['L2', 'L1']);
    });

    it('CAC by channel and campaign: spend over the customers its source, vendor or campaign bought', async () => {
      const both = await get('/metrics/cac', { from: '2026-02-01', to: '2026-04-01', ...END });
      expect(both.rows).toEqual([
        // Ads on demo requests in February bought CU_H1 (H1); no lead was qualified in February.
        {
          month: '2026-02',
          currency: 'EUR',
          channel: 'ads',
          campaignId: null,
          spend: 4_000,
          newCustomers: 1,
          cac: 4_000,
          qualifiedLeads: 0,
          costPerQualifiedLead: null,
        },
        // Ads on inbound-web in March: CU1 (L1); L1 and L5 qualified.
        {
          month: '2026-03',
          currency: 'EUR',
          channel: 'ads',
          campaignId: null,
          spend: 6_000,
          newCustomers: 1,
          cac: 6_000,
          qualifiedLeads: 2,
          costPerQualifiedLead: 3_000,
        },
        // V1's list: no customer in March; L4 qualified.
        {
          month: '2026-03',
          currency: 'EUR',
          channel: 'lists',
          campaignId: null,
          spend: 3_000,
          newCustomers: 0,
          cac: null,
          qualifiedLeads: 1,
          costPerQualifiedLead: 3_000,
        },
      ]);
      const byCampaign = await get('/metrics/cac', { from: '2026-03-01', to: '2026-04-01', by: 'campaign', ...END });
      expect(byCampaign.rows).toEqual([
        {
          month: '2026-03',
          currency: 'EUR',
          channel: '*',
          campaignId: null,
          spend: 9_000,
          newCustomers: 1,
          cac: 9_000,
          qualifiedLeads: 3,
          costPerQualifiedLead: 3_000,
        },
      ]);
      expect((await get('/metrics/cac', { from: '2026-03-01', to: '2026-04-01', channel: 'lists', ...END })).rows).toHaveLength(1);
    });

    it.each<[string, string, Record<string, string | number>, RegExp]>([
      [
        'a minimum above the maximum',
        '/metrics/lists/opportunities',
        { minAmount: 10, maxAmount: 5 },
        /minAmount must not be more than maxAmount/,
      ],
      ['a negative amount', '/metrics/lists/opportunities', { minAmount: -1 }, /minAmount must not be less than 0/],
      ['an unknown stage', '/metrics/lists/opportunities', { stage: 'closing' }, /stage must be one of the following values/],
      ['a day with a range', '/metrics/lists/appointments', { date: '2026-03-09', startsFrom: '2026-03-01' }, /date cannot be combined/],
      ['a day that is not one', '/metrics/lists/appointments', { date: '2026-3-9' }, /date must be a day YYYY-MM-DD/],
      [
        'an empty range',
        '/metrics/lists/appointments',
        { startsFrom: '2026-03-09', startsBefore: '2026-03-01' },
        /startsFrom must be before startsBefore/,
      ],
      [
        'an unknown status',
        '/metrics/lists/customers',
        { status: 'lapsed' },
        /status must be one of the following values: active, churned/,
      ],
      ['a zone-less renewal moment', '/metrics/lists/customers', { renewalFrom: '2027-01-01T10:00' }, /renewalFrom must be a date/],
      ['an unknown grade', '/metrics/lists/leads', { grade: 'Z' }, /grade must be one of the following values: A, B, C, F/],
      [
        'a company search too long',
        '/metrics/lists/leads',
        { company: 'x'.repeat(101) },
        /company must be shorter than or equal to 100 characters/,
      ],
      ['a knownAt that is not a moment', '/metrics/lists/leads', { knownAt: 'yesterday' }, /knownAt must be a date/],
      ['an unknown split', '/metrics/cac', { by: 'vendor' }, /by must be channel, campaign or channel,campaign/],
      ['an unknown scope', '/metrics/speed-to-lead', { scope: 'vip' }, /scope must be one of the following values/],
    ])('answers 400 for %s', async (_name, path, query, message) => {
      const body = await get(path, query, 400);
      expect((body as unknown as { message: string[] }).message.join('\n')).toMatch(message);
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
      // The log holds the fixture history and the ApiKeyIssued of the test app's admin key.
      const inLog = await api.countEvents();
      expect(inLog).toBe(HISTORY.length + 1);
      expect(body.logEvents).toBe(inLog);
      expect(body.versions).toEqual([
        expect.objectContaining({
          version: 1,
          status: 'live',
          schema: 'metrics_v1',
          current: true,
          eventsApplied: inLog,
          eventsBehind: 0,
        }),
      ]);
    });

    it('rebuilds into a new version that answers exactly as the live one did, then retires the old one', async () => {
      const before = await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' });
      const knownAt = String(before.knownAt);
      const started = (await api.http().post('/metrics/rebuild').expect(202)).body as { version: number; status: string };
      expect(started).toEqual({ version: 2, status: 'building', statusUrl: '/metrics/versions' });
      await api.caughtUp();
      const versions = (await get('/metrics/versions')) as unknown as { live: number; versions: { version: number; status: string }[] };
      expect(versions.live).toBe(2);
      expect(versions.versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'retired'],
        [2, 'live'],
      ]);
      expect(await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign', knownAt })).toEqual(before);
    });

    it('refuses a second rebuild while one is building', async () => {
      const runner = api.app.get(MetricsRunner);
      await runner.stop();
      try {
        const building = await createVersion(api.db, READ_MODELS);
        const res = await api.http().post('/metrics/rebuild').expect(409);
        expect(res.body.message).toMatch(new RegExp(`metrics version ${building.version} is already being rebuilt`));
      } finally {
        await runner.start();
      }
      await api.caughtUp();
    });
    it('rebuilds one read model on request (the others copied from the live version) and answers as before; an unknown model is a 400', async () => {
      expect((await api.http().post('/metrics/rebuild?model=nope').expect(400)).body.message).toMatch(/Unknown read model nope/);
      const before = await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign' });
      const knownAt = String(before.knownAt);
      const started = (await api.http().post('/metrics/rebuild?model=leads').expect(202)).body as { version: number };
      await waitFor(async () => ((await get('/metrics/versions')) as unknown as { live: number }).live === started.version, {
        message: 'the one-model version went live',
        timeoutMs: 60_000,
      });
      expect(await get('/metrics/funnel', { ...MARCH, by: 'segment,source,vendor,campaign', knownAt })).toEqual(before);
    });
  });

  it('documents every metrics endpoint in the OpenAPI document at /docs', async () => {
    const doc = (await api.http().get('/docs-json').expect(200)).body as {
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
      'pipeline-value',
      'cac',
      'lists/opportunities',
      'lists/appointments',
      'lists/customers',
      'lists/leads',
    ];
    for (const path of reads.map((name) => `/metrics/${name}`)) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    expect(doc.paths['/metrics/rebuild']?.post).toBeDefined();
    expect(doc.paths['/metrics/spend']?.post).toBeDefined();
    expect(doc.paths['/metrics/spend/import']?.post).toBeDefined();
    expect(doc.paths['/metrics/funnel'].get.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'knownAt', 'from', 'to', 'period', 'by', 'segment', 'source', 'vendorId', 'campaignId']),
    );
    const parameters = (path: string) => doc.paths[path].get.parameters?.map((p) => p.name);
    expect(parameters('/metrics/lists/opportunities')).toEqual(
      expect.arrayContaining(['asOf', 'knownAt', 'stage', 'aeId', 'segment', 'minAmount', 'maxAmount', 'limit', 'offset']),
    );
    expect(parameters('/metrics/lists/appointments')).toEqual(
      expect.arrayContaining(['aeId', 'status', 'date', 'startsFrom', 'startsBefore']),
    );
    expect(parameters('/metrics/lists/customers')).toEqual(expect.arrayContaining(['managerId', 'renewalFrom', 'renewalBefore', 'status']));
    expect(parameters('/metrics/lists/leads')).toEqual(expect.arrayContaining(['stage', 'ownerId', 'source', 'grade', 'company']));
    expect(parameters('/metrics/fairness')).toEqual(expect.arrayContaining(['peerGroup']));
    expect(parameters('/metrics/speed-to-lead')).toEqual(expect.arrayContaining(['scope', 'level', 'team', 'sdrId']));
    expect(parameters('/metrics/cac')).toEqual(expect.arrayContaining(['by', 'channel', 'campaignId']));
    for (const path of ['/metrics/lists/leads', '/metrics/pipeline-value', '/metrics/cac', '/metrics/fairness']) {
      const get = doc.paths[path].get as unknown as { summary?: string; responses: Record<string, { content?: object }> };
      expect(get.summary).toEqual(expect.any(String));
      expect(get.responses['200'].content).toBeDefined();
      expect(get.responses['400']).toBeDefined();
    }
  });
});
