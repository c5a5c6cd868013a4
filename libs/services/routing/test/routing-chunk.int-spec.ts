import { randomUUID } from 'node:crypto';
import type { LeadAssigned, LeadScored } from '@leadline/domain';
import { runAsReaction, runInTransaction, type RecordedEvent } from '@leadline/event-store';
import { EventContext } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService, loadRoutingConfig } from '@leadline/service-routing';
import { assignNewLeads } from '../src/assignment/assign-lead';
import { AssignLeadSubscription } from '../src/assignment/assign-lead.subscription';
import { readLeadsFacts } from '../src/assignment/lead-context';
import { ActiveRoutingPolicy } from '../src/policy/active-policy';
import { givenCapturedLead, scoredLeadEvent, sdrBody } from './lead-events.fixture';

// Sunday 1 March 2026, 8 s before Monday 00:00 UTC: the leads below straddle a new capacity week.
const START = '2026-03-01T23:59:52.000Z';
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

const sdr = (sdrId: string, team: 'inbound' | 'outbound', territories: string[], weeklyCapacity: number) =>
  sdrBody(sdrId, team, territories, { workingHours: ALWAYS, timeZone: 'UTC', weeklyCapacity });
// Six places a week for inbound leads, two SDRs limited to a territory; one outbound SDR the inbound policy excludes.
const ROSTER = [
  sdr('ann', 'inbound', ['*'], 2),
  sdr('ben', 'inbound', ['dach'], 1),
  sdr('cat', 'inbound', ['*'], 2),
  sdr('dan', 'inbound', ['nordics'], 1),
  sdr('eve', 'outbound', ['*'], 10),
];
const TERRITORIES = ['dach', 'nordics', 'uk', null, 'dach', 'uk', 'nordics', null];

interface Lead {
  readonly leadId: string;
  readonly scored: RecordedEvent<'LeadScored', LeadScored['data']>;
  readonly territory: string | null;
}

/** 16 leads, 8 in each week; their LeadScored events are handed to the subscription by the test, never stored. */
const LEADS: readonly Lead[] = Array.from({ length: 16 }, (_, i) => {
  const leadId = randomUUID();
  const scored = scoredLeadEvent(leadId, { grade: 'A', position: i + 1, correlationId: leadId, at: START });
  return { leadId, scored, territory: TERRITORIES[i % TERRITORIES.length] };
});

interface Outcome {
  readonly assigned: Record<string, Pick<LeadAssigned['data'], 'sdrId' | 'assignedAt' | 'decision'>>;
  readonly waiting: { lead_id: string; excluded: unknown }[];
  readonly roster: unknown[];
  readonly weekCounts: { sdr_id: string; week_start: string; assigned: number }[];
  readonly logCounts: { sdr_id: string; week_start: string; assigned: number }[];
}

describe.each(['pg', 'pglite'] as const)('routing a chunk against one roster snapshot on %s', (driver) => {
  /**
   * Routes every lead through the scored-lead subscription's handler, `perTransaction` leads per delivery transaction,
   * or ('one-append') all of them in one transaction through assignNewLeads (the released-vendor-lead drain's path).
   */
  async function route(perTransaction: number | 'one-append'): Promise<Outcome> {
    const clock = new VirtualClock(START);
    const t: TestApp = await startTestApp([createRoutingService({ clock })], driver, 'routing-chunk');
    try {
      for (const body of ROSTER) await t.http().post('/sdrs').send(body).expect(201);
      for (const lead of LEADS) {
        await givenCapturedLead(t.store, {
          leadId: lead.leadId,
          source: 'demo-request',
          inbound: true,
          segment: 'mid-market',
          territory: lead.territory,
          capturedAt: START,
        });
      }
      const subscription = t.app.get(AssignLeadSubscription);
      if (perTransaction === 'one-append') {
        await runInTransaction(t.store, async (ctx) => {
          const facts = await readLeadsFacts(
            ctx.store,
            LEADS.map((l) => l.leadId),
          );
          const cmds = LEADS.map(({ leadId, scored }, i) => {
            const lead = facts.get(leadId)?.context;
            if (!lead) throw new Error(`no context for ${leadId}`);
            const at = new Date(Date.parse(START) + i * 1000).toISOString();
            return { leadId, lead, causeEventId: scored.id, correlationId: leadId, at, slaFrom: lead.capturedAt, stream: [] };
          });
          await assignNewLeads(ctx, { config: loadRoutingConfig({}), activePolicy: t.app.get(ActiveRoutingPolicy) }, cmds);
        });
      }
      for (let from = 0; typeof perTransaction === 'number' && from < LEADS.length; from += perTransaction) {
        // One delivery: the transport hands each event of the chunk to the handler in one transaction.
        await runInTransaction(t.store, async (ctx) => {
          for (const { scored } of LEADS.slice(from, from + perTransaction)) {
            await runAsReaction('routing-assign-scored-leads', scored, () => subscription.onLeadScored([scored], new EventContext([ctx])));
            clock.advance(1000);
          }
        });
      }
      const assigned: Outcome['assigned'] = {};
      for (const { leadId } of LEADS) {
        const [event] = (await t.store.readStream(`assignment-${leadId}`)).filter((e) => e.type === 'LeadAssigned');
        if (!event) continue;
        const { sdrId, assignedAt, decision } = event.data as LeadAssigned['data'];
        assigned[leadId] = { sdrId, assignedAt, decision };
      }
      const query = async <T>(sql: string) => (await t.db.query<T & Record<string, unknown>>(sql)).rows as T[];
      return {
        assigned,
        waiting: await query<{ lead_id: string; excluded: unknown }>('select lead_id, excluded from routing.unrouted order by lead_id'),
        roster: (await t.http().get('/sdrs').expect(200)).body.map((s: Record<string, unknown>) => ({ ...s, updatedAt: undefined })),
        weekCounts: await query(`select sdr_id, week_start::text, assigned from routing.sdr_week_counts order by 1, 2`),
        logCounts: await query(
          `select sdr_id, (date_trunc('week', assigned_at at time zone 'UTC') at time zone 'UTC')::text as week_start, count(*)::int as assigned
             from routing.assignment_log group by 1, 2 order by 1, 2`,
        ),
      };
    } finally {
      await t.close();
    }
  }

  /** The reference: each lead in a delivery transaction of its own. */
  let oneByOne: Outcome;
  beforeAll(async () => {
    oneByOne = await route(1);
  });

  it('decides N leads in one chunk exactly as in N chunks: same SDRs, pools, loads, waiting leads and weekly counts', async () => {
    const chunked = await route(LEADS.length);

    // The case is worth comparing: leads spread over several SDRs, capacity made some wait, the week turned over.
    const owners = Object.values(oneByOne.assigned).map((a) => a.sdrId);
    expect(new Set(owners).size).toBeGreaterThanOrEqual(3);
    expect(oneByOne.waiting.length).toBeGreaterThan(0);
    expect(JSON.stringify(oneByOne.waiting)).toContain('weekly capacity reached');
    expect(new Set(oneByOne.weekCounts.map((w) => w.week_start)).size).toBe(2);
    // A decision records the loads it saw: within one chunk they grew lead by lead, as they did across chunks.
    const annLoads = Object.values(oneByOne.assigned).map((a) => a.decision.pool.find((m) => m.sdrId === 'ann')?.openLeads);
    expect(new Set(annLoads).size).toBeGreaterThan(1);

    expect(chunked.assigned).toEqual(oneByOne.assigned);
    expect(chunked.waiting).toEqual(oneByOne.waiting);
    expect(chunked.roster).toEqual(oneByOne.roster);
    expect(chunked.weekCounts).toEqual(oneByOne.weekCounts);
    // The maintained weekly counts are the log's counts.
    expect(oneByOne.weekCounts).toEqual(oneByOne.logCounts);
    expect(chunked.weekCounts).toEqual(chunked.logCounts);
  });

  it('decides N leads with one append of their events (assignNewLeads) exactly as in N chunks', async () => {
    const oneAppend = await route('one-append');
    expect(oneAppend.assigned).toEqual(oneByOne.assigned);
    expect(oneAppend.waiting).toEqual(oneByOne.waiting);
    expect(oneAppend.roster).toEqual(oneByOne.roster);
    expect(oneAppend.weekCounts).toEqual(oneByOne.weekCounts);
    expect(oneAppend.weekCounts).toEqual(oneAppend.logCounts);
  });
});
