import { randomUUID } from 'node:crypto';
import type { Grade, LeadAssigned } from '@leadline/domain';
import { runAsReaction, runInTransaction, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import { EventContext } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService } from '@leadline/service-routing';
import { AssignLeadSubscription } from '../src/assignment/assign-lead.subscription';
import { holdListed, settleHolds } from '../src/vendor/vendor-holds.repository';
import { givenCapturedLead, scoredLeadEvent, sdrBody } from './lead-events.fixture';

// Monday 2 March 2026, 10:00 UTC; the clock stands still while leads are routed.
const START = '2026-03-02T10:00:00.000Z';
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
const SUBSCRIPTION = 'routing-assign-scored-leads';

const sdr = (sdrId: string, team: 'inbound' | 'outbound', territories: string[], weeklyCapacity: number) =>
  sdrBody(sdrId, team, territories, { workingHours: ALWAYS, timeZone: 'UTC', weeklyCapacity });
// Three inbound places for the batch's territories (ben's is none of them), three outbound ones.
const ROSTER = [sdr('ann', 'inbound', ['*'], 3), sdr('ben', 'inbound', ['nordics'], 5), sdr('eve', 'outbound', ['*'], 3)];

type Kind = 'inbound' | 'released' | 'held' | 'archived' | 'uncaptured';
const id = () => randomUUID();
const LEAD = {
  dach: id(),
  uk: id(),
  owned: id(),
  waits: id(),
  late: id(),
  fGrade: id(),
  released: id(),
  releasedTwice: id(),
  held: id(),
  heldTwice: id(),
  archived: id(),
  uncaptured: id(),
  outbound: id(),
};
const KIND: Record<string, Kind> = {
  [LEAD.released]: 'released',
  [LEAD.releasedTwice]: 'released',
  [LEAD.held]: 'held',
  [LEAD.heldTwice]: 'held',
  [LEAD.archived]: 'archived',
  [LEAD.uncaptured]: 'uncaptured',
};
const TERRITORY: Record<string, string | null> = { [LEAD.dach]: 'dach', [LEAD.late]: 'dach' };

const scoredEvent = (leadId: string, grade: Grade, position: number) =>
  scoredLeadEvent(leadId, { grade, position, correlationId: `corr-${position}`, at: START });

/** Routed before the batch: a lead that already has an owner when the batch names it again. */
const BEFORE = scoredEvent(LEAD.owned, 'A', 1);
/**
 * One delivery's LeadScored events, handed to the subscription by the test (never stored): inbound and vendor leads
 * mixed, leads named twice (assigned by the first, waiting after the first, held twice, released and assigned by the
 * first), an F lead, a lead without LeadCaptured, an owned lead, and more inbound leads than places.
 */
const BATCH = [
  [LEAD.dach, 'A'],
  [LEAD.released, 'B'],
  [LEAD.uk, 'A'],
  [LEAD.held, 'C'],
  [LEAD.uk, 'B'],
  [LEAD.fGrade, 'F'],
  [LEAD.owned, 'B'],
  [LEAD.heldTwice, 'A'],
  [LEAD.releasedTwice, 'A'],
  [LEAD.archived, 'A'],
  [LEAD.uncaptured, 'A'],
  [LEAD.waits, 'A'],
  [LEAD.heldTwice, 'B'],
  [LEAD.releasedTwice, 'B'],
  [LEAD.outbound, 'A'],
  [LEAD.waits, 'B'],
  [LEAD.late, 'A'],
].map(([leadId, grade], i) => scoredEvent(leadId, grade as Grade, i + 2));

interface Outcome {
  readonly assignments: Record<string, unknown[]>;
  readonly holds: unknown[];
  readonly waiting: unknown[];
  readonly timers: unknown[];
  readonly rows: unknown[];
  readonly roster: unknown[];
  readonly weekCounts: unknown[];
}

describe.each(['pg', 'pglite'] as const)('routing a delivered batch of scored leads on %s', (driver) => {
  /** Each event's delivery as the transports run it: in the event's reaction (its actor names the event). */
  const delivery = (ctx: ProcessorContext) =>
    new EventContext([{ ...ctx, each: <T>(event: RecordedEvent, work: () => Promise<T>) => runAsReaction(SUBSCRIPTION, event, work) }]);

  /** Routes BATCH through the subscription's handler, `perDelivery` events per delivery transaction. */
  async function route(perDelivery: number): Promise<Outcome> {
    const clock = new VirtualClock(START);
    const env = { ROUTING_UNROUTED_RETRY_MS: '3600000' };
    const t: TestApp = await startTestApp([createRoutingService({ clock, env })], driver, 'routing-batch');
    try {
      for (const body of ROSTER) await t.http().post('/sdrs').send(body).expect(201);
      for (const leadId of Object.values(LEAD)) {
        const kind = KIND[leadId] ?? 'inbound';
        if (kind === 'uncaptured') continue;
        const vendor = kind === 'inbound' ? {} : { vendorId: 'acme-lists', listId: kind };
        const inbound = kind === 'inbound' && leadId !== LEAD.outbound;
        const source = inbound ? 'demo-request' : 'purchased-list';
        const territory = TERRITORY[leadId] ?? 'uk';
        await givenCapturedLead(t.store, { leadId, source, inbound, segment: 'mid-market', territory, capturedAt: START, ...vendor });
      }
      await runInTransaction(t.store, async ({ tx }) => {
        for (const listId of ['released', 'held', 'archived']) {
          const leadIds = Object.keys(KIND).filter((leadId) => KIND[leadId] === listId);
          await holdListed(tx, { vendorId: 'acme-lists', listId, leadIds, at: START });
          if (listId === 'held') continue;
          const status = listId === 'released' ? 'released' : 'archived';
          await settleHolds(tx, { vendorId: 'acme-lists', leadIds, status, at: START, eventId: randomUUID() });
        }
      });
      const subscription = t.app.get(AssignLeadSubscription);
      await runInTransaction(t.store, (ctx) => subscription.onLeadScored([BEFORE], delivery(ctx)));
      for (let from = 0; from < BATCH.length; from += perDelivery) {
        await runInTransaction(t.store, (ctx) => subscription.onLeadScored(BATCH.slice(from, from + perDelivery), delivery(ctx)));
      }

      const assignments: Outcome['assignments'] = {};
      for (const leadId of Object.values(LEAD)) {
        assignments[leadId] = (await t.store.readStream(`assignment-${leadId}`)).map(({ id, type, data, metadata }) => {
          const { sdrId, assignedAt, decision, slaDueAt, slaTimerId } = data as LeadAssigned['data'];
          const { correlationId, causationId, actor } = metadata;
          return { id, type, sdrId, assignedAt, decision, slaDueAt, slaTimerId, correlationId, causationId, actor };
        });
      }
      const query = async (sql: string) => (await t.db.query<Record<string, unknown>>(sql)).rows;
      return {
        assignments,
        holds: await query(
          `select lead_id, status, score_event_id::text, correlation_id, held_since::text, to_assign from routing.vendor_holds order by lead_id`,
        ),
        waiting: await query(
          'select lead_id, team, excluded, at::text, cause_event_id::text, correlation_id, purpose from routing.unrouted order by lead_id',
        ),
        timers: await query('select timer_id::text, due_at::text, stream_id, status, event from scheduling.timers order by timer_id'),
        rows: await query(
          'select lead_id, sdr_id, team, status, assigned_at::text, sla_due_at::text from routing.assignments order by lead_id',
        ),
        roster: (await t.http().get('/sdrs').expect(200)).body.map((s: Record<string, unknown>) => ({ ...s, updatedAt: undefined })),
        weekCounts: await query('select sdr_id, week_start::text, assigned from routing.sdr_week_counts order by 1, 2'),
      };
    } finally {
      await t.close();
    }
  }

  /** The reference: each event in a delivery of its own. */
  let oneByOne: Outcome;
  beforeAll(async () => {
    oneByOne = await route(1);
  });

  it('the case is worth comparing: every path of the handler is taken', () => {
    const { assignments, holds, waiting } = oneByOne;
    const assigned = (leadId: string) => assignments[leadId].filter((e) => (e as { type: string }).type === 'LeadAssigned');
    const [dach, uk, owned, released, releasedTwice] = [LEAD.dach, LEAD.uk, LEAD.owned, LEAD.released, LEAD.releasedTwice].map(assigned);
    // Scored twice, assigned by the first: one LeadAssigned, caused by the first.
    expect(uk).toHaveLength(1);
    expect(uk[0]).toMatchObject({ causationId: BATCH[2].id, actor: { id: `reaction:${SUBSCRIPTION}`, cause: { eventId: BATCH[2].id } } });
    expect(releasedTwice).toHaveLength(1);
    expect(releasedTwice[0]).toMatchObject({ causationId: BATCH[8].id, sdrId: 'eve' });
    expect(owned).toHaveLength(1);
    expect(owned[0]).toMatchObject({ causationId: BEFORE.id });
    expect(dach).toHaveLength(1);
    expect(released).toHaveLength(1);
    for (const leadId of [LEAD.held, LEAD.heldTwice, LEAD.archived, LEAD.fGrade, LEAD.uncaptured]) expect(assignments[leadId]).toEqual([]);
    // Held leads keep their last score as the cause; a lead released and assigned keeps the one that assigned it.
    const hold = (leadId: string) => holds.find((h) => (h as { lead_id: string }).lead_id === leadId);
    expect(hold(LEAD.heldTwice)).toMatchObject({ status: 'held', score_event_id: BATCH[12].id, correlation_id: 'corr-14' });
    expect(hold(LEAD.releasedTwice)).toMatchObject({ status: 'released', score_event_id: BATCH[8].id });
    expect(hold(LEAD.archived)).toMatchObject({ status: 'archived', score_event_id: BATCH[9].id });
    // No place left for the last inbound leads: they wait; the one scored twice waits on its second score.
    expect(waiting).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ lead_id: LEAD.waits, cause_event_id: BATCH[15].id }),
        expect.objectContaining({ lead_id: LEAD.late }),
      ]),
    );
    expect(oneByOne.timers.length).toBeGreaterThan(0);
  });

  it('decides a whole batch in one delivery exactly as one event per delivery', async () => {
    expect(await route(BATCH.length)).toEqual(oneByOne);
  });

  it('decides the batch in deliveries of four exactly as one event per delivery', async () => {
    expect(await route(4)).toEqual(oneByOne);
  });
});
