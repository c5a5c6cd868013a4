import type { LeadAssigned, LeadRecycled, LeadReopenedForOutbound, RecycleCoolOffEnded } from '@leadline/domain';
import { deriveEventId, type EventStore, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import { EventContext } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService } from '@leadline/service-routing';
import { startSmtpServer, waitFor } from '@leadline/testing';
import { RecycledLeadSubscription } from '../src/recycle/recycled-lead.subscription';
import { givenScoredLead, recycleLead, sdrBody } from './lead-events.fixture';

// Monday 2 March 2026, 10:00 in Berlin: the inbound SDR below is on shift.
const START = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

const sdr = (sdrId: string, team: 'inbound' | 'outbound', territories: string[], allWeek = false) =>
  sdrBody(sdrId, team, territories, {
    workingHours: allWeek
      ? { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }
      : { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    timeZone: 'Europe/Berlin',
  });

describe.each(['pg', 'pglite'] as const)('routing: recycled leads back to outbound SDRs on %s', (driver) => {
  const clock = new VirtualClock(START);
  let store: EventStore;
  let db: SqlDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;

  const http = () => t.http();
  const stream = (leadId: string) => store.readStream(`assignment-${leadId}`);
  const ofType = async <T>(leadId: string, type: string) =>
    (await stream(leadId)).filter((e) => e.type === type) as RecordedEvent<string, T>[];
  const first = <T>(leadId: string, type: string) =>
    waitFor(() => ofType<T>(leadId, type).then((found) => found.length > 0 && found[0]), { message: `${type} on ${leadId}` });
  const explanation = async (leadId: string) => (await http().get(`/leads/${leadId}/assignment-explanation`).expect(200)).body;
  const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Captured, assigned to its inbound SDR, touched and qualified: what appointments later nurtures and recycles. */
  const qualifiedInbound = async (territory: string, owner: string) => {
    const leadId = await givenScoredLead(store, {
      source: 'demo-request',
      inbound: true,
      segment: 'mid-market',
      territory,
      grade: 'A',
      capturedAt: clock.now().toISOString(),
    });
    const assigned = await first<LeadAssigned['data']>(leadId, 'LeadAssigned');
    expect(assigned.data.sdrId).toBe(owner);
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'call', outcome: 'connected' }).expect(201);
    await http().post(`/leads/${leadId}/qualify`).send({ reason: 'budget and timeline confirmed' }).expect(200);
    return leadId;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const env = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'leadline@example.com',
      ROUTING_TIMER_POLL_MS: '25',
      ROUTING_UNROUTED_RETRY_MS: '50',
    };
    t = await startTestApp([createRoutingService({ clock, env })], driver, 'routing-recycle');
    ({ store, db } = t);
    for (const body of [sdr('ada', 'inbound', ['dach']), sdr('cy', 'outbound', ['dach'])])
      await http().post('/sdrs').send(body).expect(201);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a recycled lead reaches nobody during its cool-off, then an outbound SDR who can work and qualify it again', async () => {
    const leadId = await qualifiedInbound('dach', 'ada');
    const recycledAt = clock.now().toISOString();
    const availableAt = new Date(clock.now().getTime() + 90 * DAY).toISOString();
    const recycledId = await recycleLead(store, leadId, {
      reason: 'no progress within a year of nurture',
      at: recycledAt,
      availableToOutboundAt: availableAt,
    });
    const timerId = deriveEventId(recycledId, 'recycle-cool-off');

    const cooling = await waitFor(
      async () => {
        const body = await explanation(leadId);
        return body.waiting?.reason === 'recycle-cool-off' && body;
      },
      { message: 'cool-off recorded' },
    );
    expect(cooling.waiting).toMatchObject({ recycledAt, availableToOutboundAt: availableAt });

    // A redelivered LeadRecycled schedules nothing twice: the timer id derives from the event id.
    const [recycled] = await store.readStream(`nurture-${leadId}`);
    await db.transaction((tx) =>
      t.app
        .get(RecycledLeadSubscription)
        .onLeadRecycled(
          recycled as RecordedEvent<'LeadRecycled', LeadRecycled['data']>,
          new EventContext([{ tx, store: store.inTransaction(tx) }]),
        ),
    );
    const timers = await db.query<{ timer_id: string; status: string }>(
      `select timer_id, status from scheduling.timers where stream_id = $1 and event->>'type' = 'RecycleCoolOffEnded'`,
      [`assignment-${leadId}`],
    );
    expect(timers.rows).toEqual([{ timer_id: timerId, status: 'pending' }]);

    // One minute before the cool-off ends: still the closed inbound lead.
    clock.set(new Date(new Date(availableAt).getTime() - 60_000));
    await settle();
    expect((await stream(leadId)).map((e) => e.type)).not.toContain('RecycleCoolOffEnded');
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'call', outcome: 'connected' }).expect(409);

    clock.set(new Date(new Date(availableAt).getTime() + 60_000));
    const reopened = await first<LeadReopenedForOutbound['data']>(leadId, 'LeadReopenedForOutbound');
    const [ended] = await ofType<RecycleCoolOffEnded['data']>(leadId, 'RecycleCoolOffEnded');
    expect(ended).toMatchObject({ id: timerId, data: { leadId, recycledAt, availableToOutboundAt: availableAt } });
    expect(reopened.data).toMatchObject({
      leadId,
      fromSdrId: 'ada',
      sdrId: 'cy',
      team: 'outbound',
      reason: 'no progress within a year of nurture',
      recycledAt,
      decision: { policyId: 'outbound-even-weekly-spread', lead: { team: 'outbound', territory: 'dach' }, chosenSdrId: 'cy' },
    });
    expect(reopened.data.decision.pool.map((m) => m.sdrId)).toEqual(['cy']);
    expect(reopened.metadata).toMatchObject({ leadId, causationId: timerId });

    // The outbound owner works it: the former inbound owner cannot, the first activity is a first touch, qualifying works again.
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'call', outcome: 'connected', sdrId: 'ada' }).expect(403);
    const touched = await http().post(`/leads/${leadId}/activities`).send({ kind: 'email', outcome: 'positive' }).expect(201);
    expect(touched.body).toMatchObject({ type: 'ActivityLogged', data: { sdrId: 'cy', firstTouch: true } });
    const again = await http().post(`/leads/${leadId}/qualify`).send({ reason: 'new budget this year' }).expect(200);
    expect(again.body).toMatchObject({ type: 'LeadQualified', data: { sdrId: 'cy' } });
    expect((await ofType(leadId, 'LeadQualified')).map((e) => (e.data as { sdrId: string }).sdrId)).toEqual(['ada', 'cy']);

    const explained = await explanation(leadId);
    expect(explained).toMatchObject({ currentSdrId: 'cy', waiting: null });
    expect(explained.steps.map((s: { type: string; replayMatches: boolean }) => [s.type, s.replayMatches])).toEqual([
      ['LeadAssigned', true],
      ['LeadReopenedForOutbound', true],
    ]);
    expect(explained.steps[1].explanation).toMatch(
      /^Recycled on .* back to the outbound team: cy got the lead under outbound-even-weekly-spread/,
    );

    const { rows } = await db.query<{ sdr_id: string; team: string; status: string; reopens: number; sla_due_at: unknown }>(
      'select sdr_id, team, status, reopens, sla_due_at from routing.assignments where lead_id = $1',
      [leadId],
    );
    expect(rows).toEqual([{ sdr_id: 'cy', team: 'outbound', status: 'qualified', reopens: 1, sla_due_at: null }]);
    const recycle = await db.query<{ status: string; sdr_id: string }>(
      'select status, sdr_id from routing.recycled_leads where lead_id = $1',
      [leadId],
    );
    expect(recycle.rows).toEqual([{ status: 'reopened', sdr_id: 'cy' }]);
    await waitFor(() => smtp.mails.some((m) => m.to.includes('cy@sales.example') && m.raw.includes(`Recycled lead assigned: ${leadId}`)), {
      message: 'mail to cy',
    });

    // Outbound: no first-touch SLA, so nothing is breached however long it waits.
    clock.advance(60 * 60_000);
    await settle();
    expect(await ofType(leadId, 'FirstTouchSlaBreached')).toHaveLength(0);
  });

  it('with no outbound SDR eligible it waits (never for an inbound one, never a second LeadAssigned) and goes to the first outbound SDR who becomes eligible', async () => {
    await http()
      .post('/sdrs')
      .send(sdr('ian', 'inbound', ['apac'], true))
      .expect(201);
    const leadId = await qualifiedInbound('apac', 'ian');
    const availableAt = new Date(clock.now().getTime() + DAY).toISOString();
    await recycleLead(store, leadId, { reason: 'hopeless: no budget', at: clock.now().toISOString(), availableToOutboundAt: availableAt });
    await waitFor(async () => (await explanation(leadId)).waiting?.reason === 'recycle-cool-off', { message: 'cool-off recorded' });

    clock.advance(2 * DAY);
    const waiting = await waitFor(
      async () => {
        const body = await explanation(leadId);
        return body.waiting?.reason === 'no-eligible-sdr' && body.waiting;
      },
      { message: 'waiting for an outbound SDR' },
    );
    expect(waiting).toMatchObject({ team: 'outbound' });
    // Only the outbound team is considered: ian (inbound, apac, on shift) is not even a candidate.
    expect(waiting.excluded).toEqual([{ sdrId: 'cy', reason: 'territory apac not covered' }]);

    // The sweep (every 50 ms) offers it again and again: nothing is appended while nobody is eligible.
    await settle(400);
    expect((await stream(leadId)).map((e) => e.type).filter((t) => t !== 'SdrNotified')).toEqual([
      'LeadAssigned',
      'ActivityLogged',
      'LeadQualified',
      'RecycleCoolOffEnded',
    ]);
    const queued = await db.query<{ purpose: string; team: string }>('select purpose, team from routing.unrouted where lead_id = $1', [
      leadId,
    ]);
    expect(queued.rows).toEqual([{ purpose: 'reopen', team: 'outbound' }]);

    await http()
      .post('/sdrs')
      .send(sdr('dee', 'outbound', ['apac']))
      .expect(201);
    const reopened = await first<LeadReopenedForOutbound['data']>(leadId, 'LeadReopenedForOutbound');
    expect(reopened.data).toMatchObject({ fromSdrId: 'ian', sdrId: 'dee', team: 'outbound', reason: 'hopeless: no budget' });
    expect((await db.query('select 1 from routing.unrouted where lead_id = $1', [leadId])).rows).toHaveLength(0);
    expect(await explanation(leadId)).toMatchObject({ currentSdrId: 'dee', waiting: null });
    await http().post(`/leads/${leadId}/activities`).send({ kind: 'call', outcome: 'connected' }).expect(201);
  });
});
