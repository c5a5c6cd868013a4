import type { SqlDatabase } from '@leadline/event-store';
import * as q from '../src/read-models';
import { applyEvents, createSchema, openDatabase, rounded } from './fixtures/apply-history';
import { DRIVERS } from './drivers';
import { HISTORY, t } from './fixtures/metrics-history';
import { MARCH_CAMPAIGNS, campaignRow, fair, ratio } from './fixtures/metric-rows';

/**
 * Every metric on the small fixed history of fixtures/metrics-history.ts, with expectations worked
 * out by hand from that event list (the comments say how). Window: March 2026, as of 30 April
 * unless a case says otherwise; the "past" cases ask the same questions as of an earlier moment.
 */
const SCHEMA = 'metrics_fixture';
const MARCH = { from: new Date(t('03-01 00:00')), to: new Date(t('04-01 00:00')) };
const END = new Date(t('04-30 00:00'));
const window = (asOf = END, range = MARCH) => ({ ...range, asOf, schema: SCHEMA });
const NO_SPLIT = { segment: false, source: false, vendor: false, campaign: false };
const funnelRow = (
  bucket: string,
  counts: number[],
  dims: Partial<Record<'segment' | 'source' | 'vendor_id' | 'campaign_id', string>> = {},
) => {
  const [captured, contacted, qualified, appointment, opportunity, won] = counts;
  return {
    bucket,
    segment: '*',
    source: '*',
    vendor_id: '*',
    campaign_id: '*',
    ...dims,
    captured,
    contacted,
    qualified,
    appointment,
    opportunity,
    won,
    captured_to_contacted: ratio(contacted, captured),
    contacted_to_qualified: ratio(qualified, contacted),
    qualified_to_appointment: ratio(appointment, qualified),
    appointment_to_opportunity: ratio(opportunity, appointment),
    opportunity_to_won: ratio(won, opportunity),
    lead_to_opportunity: ratio(opportunity, captured),
    lead_to_won: ratio(won, captured),
  };
};
const stl = (
  level: string,
  team: string | null,
  sdr: string | null,
  leads: number,
  touched: number,
  median: number | null,
  p90: number | null,
  within: number,
  breaches: number,
  reach: { scope?: string; reached: number; median: number | null; p90: number | null; within: number; attempts: number },
) => ({
  bucket: '2026-03-01',
  scope: reach.scope ?? 'inbound',
  level,
  team,
  sdr_id: sdr,
  leads,
  touched,
  median_seconds: median,
  p90_seconds: p90,
  within_sla: within,
  share_within_sla: within / leads,
  reached: reach.reached,
  median_conversation_seconds: reach.median,
  p90_conversation_seconds: reach.p90,
  reached_within_sla: reach.within,
  share_reached_within_sla: reach.within / leads,
  attempts: reach.attempts,
  attempts_per_lead: reach.attempts / leads,
  breaches,
});
/** Speed to lead's outbound rows (all, team and s3 alike: s3 holds L4 and L6, none within the SLA, no breach); at most one is touched. */
const outbound = (leads: number, touched: number, attempt: number | null, reach: Parameters<typeof stl>[9]) =>
  (['all', 'team', 'sdr'] as const).map((level) =>
    stl(level, level === 'all' ? null : 'outbound', level === 'sdr' ? 's3' : null, leads, touched, attempt, attempt, 0, 0, {
      scope: 'outbound',
      ...reach,
    }),
  );
const DEMO_GURUS = 'demo-guru|*|UTC|1,2,3,4,5|09:00|17:00';
const HUNTERS = 'hunter|*|UTC|1,2,3,4,5|09:00|17:00';
const ae = (
  id: string,
  name: string,
  role: string,
  appts: number[],
  deals: number[],
  money: (number | null)[] = [null, null, null, null],
) => {
  const [booked, held, noShows, cancelled, demos, moved] = appts;
  const [open, received, won, lost] = deals;
  return {
    ae_id: id,
    name,
    role,
    appointments_booked: booked,
    appointments_held: held,
    no_shows: noShows,
    cancelled,
    perform_rate: ratio(held, booked),
    demos,
    moved_forward: moved,
    move_forward_rate: ratio(moved, demos),
    open_deals: open,
    opportunities_received: received,
    won,
    lost,
    close_rate: ratio(won, received),
    deal_failure_rate: ratio(lost, received),
    avg_deal_size: money[0],
    avg_margin: money[1],
    avg_sales_cycle_days: money[2],
    avg_deal_cycle_days: money[3],
  };
};
/** A row of `sdrStats`: counts are leads assigned, calls, emails, social, activities, conversations, qualified, disqualified, appointments set. */
const sdr = (bucket: string, id: string, name: string, team: string, counts: number[]) => {
  const [assigned, calls, emails, social, activities, conversations, qualified, disqualified, set] = counts;
  return {
    bucket,
    sdr_id: id,
    name,
    team,
    leads_assigned: assigned,
    calls,
    emails,
    social,
    activities,
    conversations,
    contact_rate: ratio(conversations, activities),
    qualified,
    disqualified,
    appointments_set: set,
  };
};
/**
 * A row of `impliedLeadValues`: `history` is [leads, won] captured before the window, `value` the value of one lead on
 * its `basis`, `period` [leads, qualified] captured in the window, each worth `value` (none: 0).
 */
const leadValue = (
  segment: string,
  source: string,
  v: { history: number[]; avgDealSize: number | null; configured?: number; value: number | null; basis: string },
  period: number[],
) => {
  const [historyLeads, historyWon] = v.history;
  const [leads, qualified] = period;
  return {
    segment,
    source,
    history_leads: historyLeads,
    history_won: historyWon,
    p_won: ratio(historyWon, historyLeads),
    avg_deal_size: v.avgDealSize,
    configured_value: v.configured ?? null,
    value_per_lead: v.value,
    basis: v.basis,
    leads,
    qualified,
    implied_value: leads * (v.value ?? 0),
    qualified_value: qualified * (v.value ?? 0),
  };
};
const DAY = 86_400;
const BREACH_EVENT_ID = HISTORY.find((e) => e.type === 'FirstTouchSlaBreached')?.id;

interface Case {
  readonly metric: string;
  /** A metric's rows, a list's page, or several answers of one metric. */
  readonly run: (db: SqlDatabase) => Promise<unknown>;
  readonly expected: unknown;
}

const CASES: Case[] = [
  {
    // Cohorts by capture day. 03-02: L1..L4, all reached (L3 by callback, L4 on 03-03), L3 disqualified,
    // L1 L2 L4 booked, O1 O2 opened, O1 won. 03-03: L5..L7, L6 never touched, L5 L7 booked, O3 opened.
    metric: 'lead funnel per day, dimensions collapsed',
    run: (db) => q.leadFunnel(db, { ...window(), by: NO_SPLIT }),
    expected: [funnelRow('2026-03-02', [4, 4, 3, 3, 2, 1]), funnelRow('2026-03-03', [3, 2, 2, 2, 1, 0])],
  },
  {
    metric: 'lead funnel per month and segment (smb converts every lead to an opportunity)',
    run: (db) => q.leadFunnel(db, { ...window(), period: 'month', by: { segment: true } }),
    expected: [
      funnelRow('2026-03-01', [2, 1, 1, 1, 0, 0], { segment: 'enterprise' }),
      funnelRow('2026-03-01', [2, 2, 1, 1, 0, 0], { segment: 'mid-market' }),
      funnelRow('2026-03-01', [3, 3, 3, 3, 3, 1], { segment: 'smb' }),
    ],
  },
  {
    metric: 'lead funnel split by every dimension, filtered to one campaign',
    run: (db) => q.leadFunnel(db, { ...window(), period: 'month', campaignId: 'C2' }),
    expected: [
      funnelRow('2026-03-01', [2, 1, 1, 1, 0, 0], { segment: 'enterprise', source: 'purchased-list', vendor_id: 'V1', campaign_id: 'C2' }),
      {
        ...funnelRow('2026-03-01', [1, 1, 0, 0, 0, 0], { segment: 'mid-market', source: 'content-download', campaign_id: 'C2' }),
        vendor_id: null,
      },
    ],
  },
  {
    // As of 03-03 12:00: L4's conversation (14:00) and qualification (14:30) have not happened yet, no deal is open.
    metric: 'lead funnel as of a past moment',
    run: (db) => q.leadFunnel(db, { ...window(new Date(t('03-03 12:00'))), by: NO_SPLIT }),
    expected: [funnelRow('2026-03-02', [4, 3, 2, 2, 0, 0]), funnelRow('2026-03-03', [3, 2, 2, 2, 0, 0])],
  },
  {
    // Scopes: the 5-minute rule is about the inbound leads L1 L2 L3 L5 L7; the list leads L4 L6 are outbound, apart.
    // First attempt (s): L1 120, L2 480 (breached by s1, touched by s2), L3 180, L5 240, L7 60: median 180,
    // p90 = 240 + 0.6·240 = 384, 4 of 5 within 5 min. First conversation: L1 120, L2 480, L3 1,800 (the callback),
    // L5 240, L7 60: median 240, p90 = 480 + 0.6·1,320 = 1,272, 3 of 5 within. Attempts: 1 + 1 + 3 + 1 + 1 = 7.
    // Outbound: L4 attempted after 79,200 s (voicemail), reached after 93,600 s; L6 untouched.
    metric: 'speed to lead per month, scope, team and SDR',
    run: (db) => q.speedToLead(db, { ...window(), period: 'month' }),
    expected: [
      stl('all', null, null, 5, 5, 180, 384, 4, 1, { reached: 5, median: 240, p90: 1_272, within: 3, attempts: 7 }),
      stl('team', 'inbound', null, 5, 5, 180, 384, 4, 1, { reached: 5, median: 240, p90: 1_272, within: 3, attempts: 7 }),
      stl('sdr', 'inbound', 's1', 2, 2, 180, 228, 2, 1, { reached: 2, median: 180, p90: 228, within: 2, attempts: 2 }),
      stl('sdr', 'inbound', 's2', 3, 3, 180, 420, 2, 0, { reached: 3, median: 480, p90: 1_536, within: 1, attempts: 5 }),
      ...outbound(2, 1, 79_200, { reached: 1, median: 93_600, p90: 93_600, within: 0, attempts: 2 }),
    ],
  },
  {
    // As of 03-03 09:30: L6, L7 not captured yet, L4 not touched yet (owner s3). Inbound L1 L2 L3 L5: attempts 120, 480,
    // 180, 240; conversations 120, 480, 1,800, 240; attempts 1 + 1 + 3 + 1 (L3's third, negative, at 09:00).
    metric: 'speed to lead as of a past moment',
    run: (db) => q.speedToLead(db, { ...window(new Date(t('03-03 09:30'))), period: 'month' }),
    expected: [
      stl('all', null, null, 4, 4, 210, 408, 3, 1, { reached: 4, median: 360, p90: 1_404, within: 2, attempts: 6 }),
      stl('team', 'inbound', null, 4, 4, 210, 408, 3, 1, { reached: 4, median: 360, p90: 1_404, within: 2, attempts: 6 }),
      stl('sdr', 'inbound', 's1', 2, 2, 180, 228, 2, 1, { reached: 2, median: 180, p90: 228, within: 2, attempts: 2 }),
      stl('sdr', 'inbound', 's2', 2, 2, 330, 450, 1, 0, { reached: 2, median: 1_140, p90: 1_668, within: 0, attempts: 4 }),
      ...outbound(1, 0, null, { reached: 0, median: null, p90: null, within: 0, attempts: 0 }),
    ],
  },
  {
    // s2's leads L2 L3 L7: attempts 480, 180, 60 (2 within 3 minutes); conversations 480, 1,800, 60 (1 within).
    metric: 'speed to lead filtered to one SDR with a 3-minute SLA',
    run: (db) => q.speedToLead(db, { ...window(), period: 'month', sdrId: 's2', slaSeconds: 180 }),
    expected: [
      stl('all', null, null, 3, 3, 180, 420, 2, 0, { reached: 3, median: 480, p90: 1_536, within: 1, attempts: 5 }),
      stl('team', 'inbound', null, 3, 3, 180, 420, 2, 0, { reached: 3, median: 480, p90: 1_536, within: 1, attempts: 5 }),
      stl('sdr', 'inbound', 's2', 3, 3, 180, 420, 2, 0, { reached: 3, median: 480, p90: 1_536, within: 1, attempts: 5 }),
    ],
  },
  {
    metric: 'SLA breaches',
    run: (db) => q.slaBreaches(db, window()),
    expected: {
      total: 1,
      rows: [
        {
          event_id: BREACH_EVENT_ID,
          lead_id: 'L2',
          sdr_id: 's1',
          sdr_name: 'Ann',
          sla_due_at: new Date(t('03-02 10:05')),
          breached_at: new Date(t('03-02 10:05')),
          captured_at: new Date(t('03-02 10:00')),
          source: 'demo-request',
          segment: 'smb',
          team: 'inbound',
          first_touch_at: new Date(t('03-02 10:08')),
          first_touch_sdr_id: 's2',
          latency_seconds: 480,
        },
      ],
    },
  },
  {
    metric: 'SLA breaches before the breach happened',
    run: (db) => q.slaBreaches(db, window(new Date(t('03-02 10:04')))),
    expected: { total: 0, rows: [] },
  },
  {
    // The team is the lead's (routed inbound), the SDR the one who breached.
    metric: 'SLA breaches of the outbound team, and of s2',
    run: async (db) => [await q.slaBreaches(db, { ...window(), team: 'outbound' }), await q.slaBreaches(db, { ...window(), sdrId: 's2' })],
    expected: [
      { total: 0, rows: [] },
      { total: 0, rows: [] },
    ],
  },
  {
    // Assignments count for the receiving SDR (L2's reassignment is s2's). Conversations: connected/positive/negative/callback.
    // Appointments set go to the SDR who qualified the lead.
    metric: 'SDR statistics per day',
    run: (db) => q.sdrStats(db, window()),
    expected: [
      sdr('2026-03-02', 's1', 'Ann', 'inbound', [2, 1, 0, 0, 1, 1, 1, 0, 1]),
      sdr('2026-03-02', 's2', 'Bob', 'inbound', [2, 2, 1, 0, 3, 2, 1, 0, 1]),
      sdr('2026-03-02', 's3', 'Cid', 'outbound', [1, 0, 0, 0, 0, 0, 0, 0, 0]),
      sdr('2026-03-03', 's1', 'Ann', 'inbound', [1, 1, 0, 0, 1, 1, 1, 0, 1]),
      sdr('2026-03-03', 's2', 'Bob', 'inbound', [1, 2, 0, 0, 2, 2, 1, 1, 1]),
      sdr('2026-03-03', 's3', 'Cid', 'outbound', [1, 2, 0, 0, 2, 1, 1, 0, 1]),
    ],
  },
  {
    metric: 'SDR statistics per month for the outbound team',
    run: (db) => q.sdrStats(db, { ...window(), period: 'month', team: 'outbound' }),
    expected: [sdr('2026-03-01', 's3', 'Cid', 'outbound', [2, 2, 0, 0, 2, 1, 1, 0, 1])],
  },
  {
    // a1 holds AP1, AP2 (moved to a1 by the reschedule) and AP5 (cancelled); a2 holds AP3 (no-show) and AP4.
    // Deals: a1 owns O1 (won 12,000 at 40 %, lead captured 12 d 2 h before) and O2 (lost); O3 was handed from a2 to a3.
    metric: 'AE statistics',
    run: (db) => q.aeStats(db, window()),
    expected: [
      ae('a1', 'Ada', 'hunter', [3, 2, 0, 1, 2, 2], [0, 2, 1, 1], [12_000, 0.4, 12 + 2 / 24, 10]),
      ae('a2', 'Bea', 'demo-guru', [2, 1, 1, 0, 1, 1], [0, 0, 0, 0]),
      ae('a3', 'Cal', 'hunter', [0, 0, 0, 0, 0, 0], [1, 1, 0, 0]),
    ],
  },
  {
    // As of 03-05: AP2 already moved to a1, only AP1 held, O1 open with a1.
    metric: 'AE statistics as of a past moment, one AE',
    run: (db) => q.aeStats(db, { ...window(new Date(t('03-05 00:00'))), aeId: 'a1' }),
    expected: [ae('a1', 'Ada', 'hunter', [3, 1, 0, 0, 1, 1], [1, 1, 0, 0])],
  },
  {
    // e1 was on AP1 (→ O1, won) and AP4 (→ O3, open); AP2 had no engineer.
    metric: 'sales engineer close rate',
    run: (db) => q.salesEngineerStats(db, window()),
    expected: [{ se_id: 'e1', name: 'Eve', opportunities: 2, won: 1, lost: 0, close_rate: 0.5 }],
  },
  {
    // April: CU_H1 (m1) renewed, CU_H4 (m2) churned; CU1 moved from m2 to m1 on 03-20.
    metric: 'customer managers in April',
    run: (db) => q.customerManagerStats(db, window(END, { from: new Date(t('04-01 00:00')), to: new Date(t('05-01 00:00')) })),
    expected: [
      { manager_id: 'm1', name: 'Max', clients: 2, renewals: 1, churns: 0, renewal_rate: 1 },
      { manager_id: 'm2', name: 'Mia', clients: 0, renewals: 0, churns: 1, renewal_rate: 0 },
    ],
  },
  {
    metric: 'customer managers as of mid-March (CU1 still with m2)',
    run: (db) => q.customerManagerStats(db, window(new Date(t('03-15 00:00')))),
    expected: [
      { manager_id: 'm1', name: 'Max', clients: 1, renewals: 0, churns: 0, renewal_rate: null },
      { manager_id: 'm2', name: 'Mia', clients: 2, renewals: 0, churns: 0, renewal_rate: null },
    ],
  },
  {
    // O1: discovery 03-04→03-06, demo →03-10, proposal →03-14 (won). O2: discovery 03-06→03-09, demo →03-20 (lost).
    // O3: discovery 03-10→03-12 (skips demo), proposal →03-16 15:00, negotiation still open: to 04-30 = 44 d 9 h.
    metric: 'time in stage per deal',
    run: (db) => q.timeInStagePerDeal(db, window()),
    expected: [
      {
        opportunity_id: 'O1',
        lead_id: 'L1',
        opened_at: new Date(t('03-04 11:00')),
        stage: 'won',
        discovery_seconds: 2 * DAY,
        demo_seconds: 4 * DAY,
        proposal_seconds: 4 * DAY,
        negotiation_seconds: 0,
      },
      {
        opportunity_id: 'O2',
        lead_id: 'L2',
        opened_at: new Date(t('03-06 10:00')),
        stage: 'lost',
        discovery_seconds: 3 * DAY,
        demo_seconds: 11 * DAY,
        proposal_seconds: 0,
        negotiation_seconds: 0,
      },
      {
        opportunity_id: 'O3',
        lead_id: 'L5',
        opened_at: new Date(t('03-10 15:00')),
        stage: 'negotiation',
        discovery_seconds: 2 * DAY,
        demo_seconds: 0,
        proposal_seconds: 4 * DAY,
        negotiation_seconds: 44 * DAY + 9 * 3600,
      },
    ],
  },
  {
    metric: 'time in stage of one deal as of a past moment (the open stage counts up to as-of)',
    run: (db) => q.timeInStagePerDeal(db, { ...window(new Date(t('03-08 11:00'))), opportunityId: 'O1' }),
    expected: [
      {
        opportunity_id: 'O1',
        lead_id: 'L1',
        opened_at: new Date(t('03-04 11:00')),
        stage: 'demo',
        discovery_seconds: 2 * DAY,
        demo_seconds: 2 * DAY,
        proposal_seconds: 0,
        negotiation_seconds: 0,
      },
    ],
  },
  {
    metric: 'average time in stage',
    run: (db) => q.timeInStageAverage(db, window()),
    expected: [
      { stage: 'discovery', deals: 3, avg_seconds: ((2 + 3 + 2) / 3) * DAY, completed_deals: 3, avg_completed_seconds: (7 / 3) * DAY },
      { stage: 'demo', deals: 2, avg_seconds: 7.5 * DAY, completed_deals: 2, avg_completed_seconds: 7.5 * DAY },
      { stage: 'proposal', deals: 2, avg_seconds: 4 * DAY, completed_deals: 2, avg_completed_seconds: 4 * DAY },
      { stage: 'negotiation', deals: 1, avg_seconds: 44 * DAY + 9 * 3600, completed_deals: 0, avg_completed_seconds: null },
    ],
  },
  {
    metric: 'lost deals',
    run: (db) => q.lostDeals(db, window()),
    expected: {
      total: 1,
      rows: [
        {
          opportunity_id: 'O2',
          lead_id: 'L2',
          ae_id: 'a1',
          reason: 'price',
          hopeless: false,
          opened_at: new Date(t('03-06 10:00')),
          lost_at: new Date(t('03-20 10:00')),
          days_open: 14,
          lost_in_stage: 'demo',
          segment: 'smb',
          source: 'demo-request',
          vendor_id: null,
          campaign_id: 'C1',
        },
      ],
    },
  },
  {
    // February and March: OH2 (a2, competitor, 02-15) and O2 (a1, price, 03-20), newest first.
    metric: 'lost deals over February and March: pages, a page past the end, and the filters',
    run: async (db) => {
      const range = { from: new Date(t('02-01 00:00')), to: new Date(t('04-01 00:00')) };
      const ids = (page: { rows: readonly { opportunity_id: string }[]; total: number }) => [
        page.total,
        page.rows.map((r) => r.opportunity_id),
      ];
      return [
        ids(await q.lostDeals(db, window(END, range))),
        ids(await q.lostDeals(db, { ...window(END, range), limit: 1, offset: 1 })),
        ids(await q.lostDeals(db, { ...window(END, range), limit: 1, offset: 5 })),
        ids(await q.lostDeals(db, { ...window(END, range), aeId: 'a2' })),
        ids(await q.lostDeals(db, { ...window(END, range), reason: 'price' })),
        await q.lostReasons(db, { ...window(END, range), aeId: 'a1' }),
      ];
    },
    expected: [[2, ['O2', 'OH2']], [2, ['OH2']], [2, []], [1, ['OH2']], [1, ['O2']], [{ reason: 'price', lost: 1, hopeless: 0, share: 1 }]],
  },
  {
    metric: 'lost reasons over February and March',
    run: (db) => q.lostReasons(db, window(END, { from: new Date(t('02-01 00:00')), to: new Date(t('04-01 00:00')) })),
    expected: [
      { reason: 'competitor', lost: 1, hopeless: 1, share: 0.5 },
      { reason: 'price', lost: 1, hopeless: 0, share: 0.5 },
    ],
  },
  {
    // Baseline = February leads of the other sources: H1 H2 (demo-request; H1 won, H2 lost), H3 (content-download),
    // H4 (purchased-list V1, won), H5 (purchased-list V2). The duplicate capture on L6 came from a purchased list (V2).
    metric: "source quality against the other sources' history",
    run: (db) => q.sourceQuality(db, { ...window(), by: 'source' }),
    expected: [
      {
        group_key: 'content-download',
        leads: 1,
        duplicates: 0,
        opportunities: 0,
        won: 0,
        lead_to_opportunity_rate: 0,
        close_rate: 0,
        baseline_leads: 4,
        baseline_opportunities: 3,
        baseline_won: 2,
        baseline_lead_to_opportunity_rate: 0.75,
        baseline_close_rate: 0.5,
      },
      {
        group_key: 'demo-request',
        leads: 2,
        duplicates: 0,
        opportunities: 1,
        won: 0,
        lead_to_opportunity_rate: 0.5,
        close_rate: 0,
        baseline_leads: 3,
        baseline_opportunities: 1,
        baseline_won: 1,
        baseline_lead_to_opportunity_rate: 1 / 3,
        baseline_close_rate: 1 / 3,
      },
      {
        group_key: 'inbound-web',
        leads: 2,
        duplicates: 0,
        opportunities: 2,
        won: 1,
        lead_to_opportunity_rate: 1,
        close_rate: 0.5,
        baseline_leads: 5,
        baseline_opportunities: 3,
        baseline_won: 2,
        baseline_lead_to_opportunity_rate: 0.6,
        baseline_close_rate: 0.4,
      },
      {
        group_key: 'purchased-list',
        leads: 2,
        duplicates: 1,
        opportunities: 0,
        won: 0,
        lead_to_opportunity_rate: 0,
        close_rate: 0,
        baseline_leads: 3,
        baseline_opportunities: 2,
        baseline_won: 1,
        baseline_lead_to_opportunity_rate: 2 / 3,
        baseline_close_rate: 1 / 3,
      },
    ],
  },
  {
    metric: "vendor quality against the other vendors' history",
    run: (db) => q.sourceQuality(db, { ...window(), by: 'vendor' }),
    expected: [
      {
        group_key: 'V1',
        leads: 2,
        duplicates: 0,
        opportunities: 0,
        won: 0,
        lead_to_opportunity_rate: 0,
        close_rate: 0,
        baseline_leads: 1,
        baseline_opportunities: 0,
        baseline_won: 0,
        baseline_lead_to_opportunity_rate: 0,
        baseline_close_rate: 0,
      },
      {
        group_key: 'V2',
        leads: 0,
        duplicates: 1,
        opportunities: 0,
        won: 0,
        lead_to_opportunity_rate: null,
        close_rate: null,
        baseline_leads: 1,
        baseline_opportunities: 1,
        baseline_won: 1,
        baseline_lead_to_opportunity_rate: 1,
        baseline_close_rate: 1,
      },
    ],
  },
  {
    // C1: L1 (connected, won), L2 (positive). C2: L3 (callback, negative; 3 touches), L4 (voicemail, connected), L6 (untouched).
    metric: 'campaigns',
    run: (db) => q.campaigns(db, window()),
    expected: MARCH_CAMPAIGNS,
  },
  {
    // As of 03-02 11:45 only L1..L3 exist; L3 has been emailed (no answer) and called back (callback at 11:30).
    metric: 'campaigns as of a past moment',
    run: (db) => q.campaigns(db, { ...window(new Date(t('03-02 11:45'))), campaignId: 'C2' }),
    expected: [campaignRow('C2', [1, 2, 1, 1, 0, 0, 1, 0])],
  },
  {
    // Credits: a1 AP1 + AP2 (rescheduled from a2), AP5 cancelled; a2 AP4, AP3 no-show; a3 none. Peer groups (the booking
    // policy's key): a2 alone among the demo gurus; hunters a1 and a3 (same segments, hours, zone): Jain = 2² / (2·4) = 0.5.
    // The whole roster, the secondary figure: Jain = 3² / (3·(4+1+0)) = 0.6.
    metric: 'fairness per month, per peer group and over the roster',
    run: (db) => q.fairness(db, window()),
    expected: [
      fair('peer-group', DEMO_GURUS, { booked: 2, credited: { a2: 1 }, jain: 1 }),
      fair('peer-group', HUNTERS, { booked: 3, credited: { a1: 2, a3: 0 }, jain: 0.5 }),
      fair('roster', null, { booked: 5, credited: { a1: 2, a2: 1, a3: 0 }, jain: 0.6 }),
    ],
  },
  {
    // Before the reschedule, no-show and cancellation: a1 AP1 AP5, a2 AP2 AP3 AP4. Roster Jain = 5² / (3·(4+9)) = 25/39.
    metric: 'fairness as of a past moment',
    run: (db) => q.fairness(db, window(new Date(t('03-03 23:59')))),
    expected: [
      fair('peer-group', DEMO_GURUS, { booked: 3, credited: { a2: 3 }, jain: 1 }),
      fair('peer-group', HUNTERS, { booked: 2, credited: { a1: 2, a3: 0 }, jain: 0.5 }),
      fair('roster', null, { booked: 5, credited: { a1: 2, a2: 3, a3: 0 }, jain: 25 / 39 }),
    ],
  },
  {
    metric: 'fairness of one peer group (the roster figure stays)',
    run: async (db) => (await q.fairness(db, { ...window(), peerGroup: HUNTERS })).map((r) => [r.level, r.peer_group]),
    expected: [
      ['peer-group', HUNTERS],
      ['roster', null],
    ],
  },
  {
    metric: 'customers per month: churn and renewal rates',
    run: (db) =>
      q.customerMonths(db, window(new Date(t('04-30 23:00')), { from: new Date(t('02-01 00:00')), to: new Date(t('05-01 00:00')) })),
    expected: [
      {
        month: '2026-02',
        customers_at_start: 0,
        new_customers: 2,
        churned: 0,
        customers_at_end: 2,
        renewals: 0,
        churn_rate: null,
        renewal_rate: null,
      },
      {
        month: '2026-03',
        customers_at_start: 2,
        new_customers: 1,
        churned: 0,
        customers_at_end: 3,
        renewals: 0,
        churn_rate: 0,
        renewal_rate: null,
      },
      {
        month: '2026-04',
        customers_at_start: 3,
        new_customers: 0,
        churned: 1,
        customers_at_end: 2,
        renewals: 1,
        churn_rate: 1 / 3,
        renewal_rate: 0.5,
      },
    ],
  },
  {
    metric: 'customers per month as of before the churn',
    run: (db) =>
      q.customerMonths(db, window(new Date(t('04-15 00:00')), { from: new Date(t('04-01 00:00')), to: new Date(t('05-01 00:00')) })),
    expected: [
      {
        month: '2026-04',
        customers_at_start: 3,
        new_customers: 0,
        churned: 0,
        customers_at_end: 3,
        renewals: 1,
        churn_rate: 0,
        renewal_rate: 1,
      },
    ],
  },
  {
    // Realized: CU_H1 10,000 + renewal 10,000 + upsell 2,000; CU_H4 30,000; CU1 12,000. Contracts (10+30+12+10 k)/4 = 15,500; churn share 1/2.
    metric: 'lifetime value',
    run: (db) => q.lifetimeValue(db, { asOf: END, schema: SCHEMA }),
    expected: [
      {
        level: 'all',
        segment: null,
        customers: 3,
        renewals: 1,
        churned: 1,
        avg_realized_ltv: 64_000 / 3,
        avg_contract_value: 15_500,
        churn_share: 0.5,
        predicted_ltv: 31_000,
      },
      {
        level: 'segment',
        segment: 'mid-market',
        customers: 1,
        renewals: 0,
        churned: 1,
        avg_realized_ltv: 30_000,
        avg_contract_value: 30_000,
        churn_share: 1,
        predicted_ltv: 30_000,
      },
      {
        level: 'segment',
        segment: 'smb',
        customers: 2,
        renewals: 1,
        churned: 0,
        avg_realized_ltv: 17_000,
        avg_contract_value: 32_000 / 3,
        churn_share: 0,
        predicted_ltv: null,
      },
    ],
  },
  {
    metric: 'lifetime value as of the end of March (no renewal decision yet)',
    run: (db) => q.lifetimeValue(db, { asOf: new Date(t('03-31 00:00')), schema: SCHEMA }),
    expected: [
      {
        level: 'all',
        segment: null,
        customers: 3,
        renewals: 0,
        churned: 0,
        avg_realized_ltv: 18_000,
        avg_contract_value: 52_000 / 3,
        churn_share: null,
        predicted_ltv: null,
      },
      {
        level: 'segment',
        segment: 'mid-market',
        customers: 1,
        renewals: 0,
        churned: 0,
        avg_realized_ltv: 30_000,
        avg_contract_value: 30_000,
        churn_share: null,
        predicted_ltv: null,
      },
      {
        level: 'segment',
        segment: 'smb',
        customers: 2,
        renewals: 0,
        churned: 0,
        avg_realized_ltv: 12_000,
        avg_contract_value: 11_000,
        churn_share: null,
        predicted_ltv: null,
      },
    ],
  },
  {
    // February: 4,000 / 2 customers; March: 6,000 + 3,000 / 1 customer, 5 leads qualified in March.
    metric: 'CAC and cost per qualified lead',
    run: (db) => q.customerAcquisitionCost(db, window(END, { from: new Date(t('02-01 00:00')), to: new Date(t('04-01 00:00')) })),
    expected: [
      { month: '2026-02', currency: 'EUR', spend: 4_000, new_customers: 2, cac: 2_000, qualified_leads: 0, cost_per_qualified_lead: null },
      { month: '2026-03', currency: 'EUR', spend: 9_000, new_customers: 1, cac: 9_000, qualified_leads: 5, cost_per_qualified_lead: 1_800 },
    ],
  },
  {
    metric: 'CAC as of mid-March (March spend not recorded yet)',
    run: (db) =>
      q.customerAcquisitionCost(
        db,
        window(new Date(t('03-15 00:00')), { from: new Date(t('02-01 00:00')), to: new Date(t('04-01 00:00')) }),
      ),
    expected: [
      { month: '2026-02', currency: 'EUR', spend: 4_000, new_customers: 2, cac: 2_000, qualified_leads: 0, cost_per_qualified_lead: null },
    ],
  },
  {
    // History (February): smb/demo-request 1 of 2 won, smb deals average 10,000 → 5,000 a lead; smb/inbound-web configured at 2,000.
    metric: 'implied lead value per segment and source',
    run: (db) => q.impliedLeadValues(db, { ...window(), leadValues: [{ segment: 'smb', source: 'inbound-web', value: 2_000 }] }),
    expected: [
      leadValue('enterprise', 'purchased-list', { history: [1, 0], avgDealSize: null, value: 0, basis: 'history' }, [2, 1]),
      leadValue('mid-market', 'content-download', { history: [0, 0], avgDealSize: 30_000, value: null, basis: 'none' }, [1, 0]),
      leadValue('mid-market', 'demo-request', { history: [0, 0], avgDealSize: 30_000, value: null, basis: 'none' }, [1, 1]),
      leadValue('mid-market', 'purchased-list', { history: [1, 1], avgDealSize: 30_000, value: 30_000, basis: 'history' }, [0, 0]),
      leadValue('smb', 'content-download', { history: [1, 0], avgDealSize: 10_000, value: 0, basis: 'history' }, [0, 0]),
      leadValue('smb', 'demo-request', { history: [2, 1], avgDealSize: 10_000, value: 5_000, basis: 'history' }, [1, 1]),
      leadValue(
        'smb',
        'inbound-web',
        { history: [0, 0], avgDealSize: 10_000, configured: 2_000, value: 2_000, basis: 'configuration' },
        [2, 2],
      ),
    ],
  },
  {
    metric: 'marketing SLA: implied lead value against the quota',
    run: (db) =>
      q.marketingSla(db, {
        ...window(),
        leadValues: [{ segment: 'smb', source: 'inbound-web', value: 2_000 }],
        quotas: [
          { segment: 'smb', quota: 10_000 },
          { segment: 'mid-market', quota: 5_000 },
          { segment: 'unknown', quota: 1_000 },
        ],
      }),
    expected: [
      { segment: 'enterprise', leads: 2, implied_value: 0, quota: null, attainment: null, qualified_leads: 1, qualified_value: 0 },
      { segment: 'mid-market', leads: 2, implied_value: 0, quota: 5_000, attainment: 0, qualified_leads: 1, qualified_value: 0 },
      { segment: 'smb', leads: 3, implied_value: 9_000, quota: 10_000, attainment: 0.9, qualified_leads: 3, qualified_value: 9_000 },
      { segment: 'unknown', leads: 0, implied_value: 0, quota: 1_000, attainment: 0, qualified_leads: 0, qualified_value: 0 },
    ],
  },
];

describe.each(DRIVERS)('metrics read models and metrics on the fixed history (%s)', (driver) => {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, cleanup } = await openDatabase(driver, 'metrics-read-models'));
    await createSchema(db, SCHEMA);
    await applyEvents(db, SCHEMA, HISTORY);
  });
  afterAll(() => cleanup?.());

  it.each(CASES.map((c) => [c.metric, c] as const))('%s', async (_name, c) => {
    expect(rounded(await c.run(db))).toEqual(rounded(c.expected));
  });

  it('reads the documented `metrics.<table>` names when no schema is given', async () => {
    await db.query('CREATE SCHEMA metrics');
    for (const table of ['leads', 'opportunities', 'opportunity_events'])
      await db.query(`CREATE VIEW metrics.${table} AS SELECT * FROM ${SCHEMA}.${table}`);
    const rows = await q.timeInStageAverage(db, { ...MARCH, asOf: END });
    expect(rows.map((r) => [r.stage, r.deals])).toEqual([
      ['discovery', 3],
      ['demo', 2],
      ['proposal', 2],
      ['negotiation', 1],
    ]);
  });
});
