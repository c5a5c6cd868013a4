import { randomUUID } from 'node:crypto';
import { BOOKING_POLICY_VERSION } from '@leadline/domain';
import type {
  AppointmentBooked,
  AppointmentReminderDue,
  DemoOutcomeRecorded,
  LeadQualified,
  OpportunityWon,
  SlotsOffered,
} from '@leadline/domain';
import type { EventStore, RecordedEvent, SqlDatabase } from '@leadline/event-store';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { timerStatus, VirtualClock } from '@leadline/scheduling';
import { createAppointmentsService } from '@leadline/service-appointments';
import { waitFor } from '@leadline/testing';
import { ae, givenLead } from './booking.fixture';

// Monday 2 March 2026, 08:00 in Berlin (UTC+1).
const START = '2026-03-02T07:00:00.000Z';
// Wednesday 4 March, 10:00 and 11:00 Berlin.
const WED_10 = '2026-03-04T09:00:00.000Z';
const WED_11 = '2026-03-04T10:00:00.000Z';
// Friday 6 March, 10:00, 11:00 and 12:00 Berlin: more than a day after the clock's latest position.
const FRI_10 = '2026-03-06T09:00:00.000Z';
const FRI_11 = '2026-03-06T10:00:00.000Z';
const FRI_12 = '2026-03-06T11:00:00.000Z';

describe.each(['pg', 'pglite'] as const)('appointments booking on %s', (driver) => {
  const clock = new VirtualClock(START);
  let store: EventStore;
  let db: SqlDatabase;
  let t: TestApp;

  const http = () => t.http();
  const events = async <T>(appointmentId: string, type: string) =>
    (await store.readStream(`appointment-${appointmentId}`)).filter((e) => e.type === type) as RecordedEvent<string, T>[];
  const credits = async (): Promise<Record<string, number>> => {
    const { body } = await http().get('/aes').expect(200);
    return Object.fromEntries(body.map((e: { aeId: string; monthToDate: number }) => [e.aeId, e.monthToDate]));
  };
  const qualified = (segment: 'smb' | 'enterprise' = 'smb') =>
    givenLead(store, db, { segment, industry: 'software', timeZone: 'Europe/Berlin', qualified: true, at: clock.now().toISOString() });
  const bookAt = async (start: string, segment: 'smb' | 'enterprise' = 'smb') => {
    const leadId = await qualified(segment);
    const { body } = await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start }] })
      .expect(201);
    return body as AppointmentBooked['data'];
  };

  beforeAll(async () => {
    t = await startTestApp(
      [createAppointmentsService({ clock, env: { APPOINTMENTS_TIMER_POLL_MS: '25', APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE: 'true' } })],
      driver,
      'appointments-booking',
    );
    ({ store, db } = t);
    for (const body of [
      ae('ada', 'demo-guru'),
      ae('bob', 'demo-guru'),
      ae('sam', 'sales-engineer', { industries: ['software'] }),
      ae('hal', 'hunter'),
      ae('hugo', 'hunter'),
    ]) {
      await http().post('/aes').send(body).expect(201);
    }
  });

  afterAll(() => t?.close());

  it('rejects bad input with 400s and keeps the roster as events with configured defaults', async () => {
    await http()
      .post('/aes')
      .send({ ...ae('x', 'demo-guru'), role: 'closer', email: 'nope' })
      .expect(400);
    const tz = await http()
      .post('/aes')
      .send({ ...ae('x', 'demo-guru'), timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(tz.body.error).toBe('invalid-ae');
    await http().post('/aes').send(ae('ada', 'demo-guru')).expect(409);
    await http().patch('/aes/nobody').send({ dailyCap: 3 }).expect(404);
    await http().post('/appointments').send({ leadId: 'l', slots: [] }).expect(400);
    await http()
      .post('/appointments')
      .send({ leadId: 'l', slots: [{ start: 'tomorrow' }], mode: 'loose' })
      .expect(400);
    await http()
      .post('/leads/l/slots')
      .send({ windows: [{ start: '9am', end: '12:00' }] })
      .expect(400);
    await http().post('/aes/hugo/time-off').send({ from: '2026-03-20T00:00:00Z', to: '2026-03-19T00:00:00Z' }).expect(400);

    const { body } = await http().get('/aes').expect(200);
    const byId = Object.fromEntries(body.map((e: { aeId: string }) => [e.aeId, e]));
    expect(byId.ada).toMatchObject({ profile: { dailyCap: 5, openDealsCap: null, role: 'demo-guru' }, monthToDate: 0 });
    expect(byId.hal).toMatchObject({ profile: { dailyCap: 2, openDealsCap: 150 }, openDeals: 0 });
    expect((await store.readStream('ae-ada')).map((e) => e.type)).toEqual(['AeRegistered']);
  });

  it('a lead routing has not qualified cannot be offered slots or booked', async () => {
    const leadId = await givenLead(store, db, {
      segment: 'smb',
      industry: null,
      timeZone: null,
      qualified: false,
      at: clock.now().toISOString(),
    });
    expect((await http().post(`/leads/${leadId}/slots`).send({}).expect(422)).body.error).toBe('lead-not-qualified');
    await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start: WED_10 }] })
      .expect(422);
  });

  let firstId: string;
  let firstAe: string;
  let firstStart: string;
  let firstLead: string;
  let hunter: string;

  it('offers slots in the prospect time zone and windows, books fairly with pool and seed, and attaches an SE for enterprise', async () => {
    const leadId = await qualified('enterprise');
    const offer = await http()
      .post(`/leads/${leadId}/slots`)
      .send({ timeZone: 'America/New_York', windows: [{ days: [3], start: '04:00', end: '06:00' }], from: '2026-03-04T00:00:00Z' })
      .expect(201);
    // Wednesdays 04:00-06:00 in New York: 09:00-11:00 UTC on 4 March (UTC-5), 08:00-10:00 UTC on
    // 11 March after the US clock change (UTC-4); both inside the AEs' Berlin hours (08:00-16:00 UTC).
    expect(offer.body.slots.map((s: { start: string }) => s.start)).toEqual([
      WED_10,
      '2026-03-04T09:30:00.000Z',
      WED_11,
      '2026-03-04T10:30:00.000Z',
      '2026-03-11T08:00:00.000Z',
      '2026-03-11T08:30:00.000Z',
      '2026-03-11T09:00:00.000Z',
      '2026-03-11T09:30:00.000Z',
    ]);
    const [offered] = await events<SlotsOffered['data']>(offer.body.appointmentId, 'SlotsOffered');
    expect(offered.data.slots).toHaveLength(8);

    const booked = await http()
      .post('/appointments')
      .send({ leadId, appointmentId: offer.body.appointmentId, slots: [{ start: WED_10 }] })
      .expect(201);
    firstId = booked.body.appointmentId;
    firstAe = booked.body.aeId;
    firstStart = booked.body.start;
    firstLead = leadId;
    expect(['ada', 'bob']).toContain(firstAe);
    const [event] = await events<AppointmentBooked['data']>(firstId, 'AppointmentBooked');
    expect(event.data).toMatchObject({
      leadId,
      start: WED_10,
      end: '2026-03-04T09:30:00.000Z',
      salesEngineerId: 'sam',
      mode: 'strict',
      equalityTraded: false,
      creditMonth: '2026-03',
      policyVersion: BOOKING_POLICY_VERSION,
      pool: [
        { aeId: 'ada', monthToDate: 0, freeSlots: 1 },
        { aeId: 'bob', monthToDate: 0, freeSlots: 1 },
      ],
    });
    expect(BOOKING_POLICY_VERSION).toBe(2);
    expect(typeof event.data.seed).toBe('number');
    // The request as made, for the policy lab's strict-vs-flexible back-test.
    expect(event.data.request).toMatchObject({ acceptable: [{ start: WED_10, end: '2026-03-04T09:30:00.000Z' }], roles: ['demo-guru'] });
    expect(event.metadata).toMatchObject({ leadId });
    await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start: WED_11 }] })
      .expect(409);
  });

  it('the next booking at the same time goes to the AE with fewer first appointments this month', async () => {
    const second = await bookAt(WED_10);
    expect(second.aeId).not.toBe(firstAe);
    expect(second.pool.find((p) => p.aeId === firstAe)).toMatchObject({ monthToDate: 1, freeSlots: 0 });
    expect(await credits()).toMatchObject({ ada: 1, bob: 1, sam: 1 });
  });

  it('reminders fire as durable timers 24 h and 1 h before the start', async () => {
    clock.set(new Date(Date.parse(firstStart) - 24 * 3_600_000).toISOString());
    const [day] = await waitFor(
      () => events<AppointmentReminderDue['data']>(firstId, 'AppointmentReminderDue').then((r) => r.length === 1 && r),
      { message: '24 h reminder' },
    );
    expect(day.data).toMatchObject({ before: 'PT24H', aeId: firstAe, start: firstStart });
    clock.set(new Date(Date.parse(firstStart) - 3_600_000).toISOString());
    const reminders = await waitFor(
      () => events<AppointmentReminderDue['data']>(firstId, 'AppointmentReminderDue').then((r) => r.length === 2 && r),
      { message: '1 h reminder' },
    );
    expect(reminders.map((r) => r.data.before)).toEqual(['PT24H', 'PT1H']);
  });

  it('held, then moved forward: the demo guru hands the prospect to a hunter picked fairly', async () => {
    clock.set(firstStart);
    await http().post(`/appointments/${firstId}/outcome`).send({ movedForward: true }).expect(409);
    await http().post(`/appointments/${firstId}/held`).send({}).expect(200);
    const outcome = await http().post(`/appointments/${firstId}/outcome`).send({ movedForward: true, note: 'strong fit' }).expect(200);
    expect(['hal', 'hugo']).toContain(outcome.body.hunterId);
    hunter = outcome.body.hunterId;
    const [recorded] = await events<DemoOutcomeRecorded['data']>(firstId, 'DemoOutcomeRecorded');
    expect(recorded.data).toMatchObject({ movedForward: true, hunterId: outcome.body.hunterId, aeId: firstAe });
    const { body } = await http().get('/aes').expect(200);
    expect(body.find((e: { aeId: string }) => e.aeId === outcome.body.hunterId).openDeals).toBe(1);
    expect((await credits())[firstAe]).toBe(1); // held keeps the credit
  });

  it('a cancellation returns the credit and cancels the reminders', async () => {
    const before = await credits();
    const booked = await bookAt(FRI_10);
    expect((await credits())[booked.aeId]).toBe(before[booked.aeId] + 1);
    const { body: row } = await http().get(`/appointments/${booked.appointmentId}`).expect(200);
    expect(row.reminderTimers).toHaveLength(2);
    await http().post(`/appointments/${booked.appointmentId}/cancel`).send({ reason: 'prospect asked' }).expect(200);
    expect(await credits()).toEqual(before);
    for (const timerId of row.reminderTimers) expect(await timerStatus(db, timerId)).toBe('cancelled');
    await http().post(`/appointments/${booked.appointmentId}/held`).send({}).expect(409);
  });

  it('a no-show returns the credit', async () => {
    const before = await credits();
    const booked = await bookAt(FRI_11);
    await http().post(`/appointments/${booked.appointmentId}/no-show`).send({}).expect(200);
    expect(await credits()).toEqual(before);
  });

  it('a reschedule keeps the credit with the same AE and moves the reminders; a move to another AE moves it', async () => {
    const booked = await bookAt(FRI_12);
    const before = await credits();
    const { body: row } = await http().get(`/appointments/${booked.appointmentId}`).expect(200);
    const later = '2026-03-06T13:00:00.000Z';
    const same = await http().post(`/appointments/${booked.appointmentId}/reschedule`).send({ start: later }).expect(200);
    expect(same.body).toMatchObject({ aeId: booked.aeId, start: later, credited: true });
    expect(await credits()).toEqual(before);
    for (const timerId of row.reminderTimers) expect(await timerStatus(db, timerId)).toBe('cancelled');
    const { body: moved } = await http().get(`/appointments/${booked.appointmentId}`).expect(200);
    expect(moved.reminderTimers).toHaveLength(2);
    for (const timerId of moved.reminderTimers) expect(await timerStatus(db, timerId)).toBe('pending');

    const other = booked.aeId === 'ada' ? 'bob' : 'ada';
    const move = await http().post(`/appointments/${booked.appointmentId}/reschedule`).send({ start: later, aeId: other }).expect(200);
    expect(move.body.aeId).toBe(other);
    const [rescheduled] = (await events<{ fromAeId: string; aeId: string }>(booked.appointmentId, 'AppointmentRescheduled')).slice(-1);
    expect(rescheduled.data).toMatchObject({ fromAeId: booked.aeId, aeId: other });
    expect(await credits()).toEqual({ ...before, [booked.aeId]: before[booked.aeId] - 1, [other]: before[other] + 1 });
    await http().post(`/appointments/${booked.appointmentId}/reschedule`).send({ start: later, aeId: 'nobody' }).expect(404);
  });

  it("a won deal closes the hunter's handoff: open deals drop again", async () => {
    const won: OpportunityWon = {
      type: 'OpportunityWon',
      data: {
        opportunityId: 'o1',
        leadId: firstLead,
        aeId: hunter,
        amount: 50_000,
        margin: 0.4,
        contractTermMonths: 12,
        renewalDate: '2027-03-04T00:00:00.000Z',
        segment: 'enterprise',
        at: clock.now().toISOString(),
      },
    };
    await store.appendToStream(`opportunity-${randomUUID()}`, [{ ...won, metadata: { leadId: firstLead } }]);
    await waitFor(
      async () => {
        const { body } = await http().get('/aes').expect(200);
        return body.find((e: { aeId: string }) => e.aeId === hunter).openDeals === 0;
      },
      { message: 'open deals back to 0' },
    );
  });

  it('strict mode refuses a slot only an AE ahead of its peer could take; flexible books it and records that equality was traded', async () => {
    const c = await credits();
    if (c.ada !== c.bob) await bookAt('2026-03-09T08:00:00.000Z'); // strict: the one behind catches up
    expect((await credits()).ada).toBe((await credits()).bob);
    const t = '2026-03-09T09:00:00.000Z';
    const first = await bookAt(t);
    await http().post(`/appointments/${first.appointmentId}/no-show`).send({}).expect(200); // credit back, time still taken
    const behind = first.aeId;
    const ahead = behind === 'ada' ? 'bob' : 'ada';
    const second = await bookAt('2026-03-09T10:00:00.000Z');
    if (second.aeId !== ahead) {
      await http().post(`/appointments/${second.appointmentId}/reschedule`).send({ start: second.start, aeId: ahead }).expect(200);
    }
    expect((await credits())[ahead]).toBe((await credits())[behind] + 1);
    const leadId = await qualified();
    const refused = await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start: t }] })
      .expect(409);
    expect(refused.body.error).toBe('no-fair-slot');
    const flexible = await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start: t }], mode: 'flexible' })
      .expect(201);
    expect(flexible.body).toMatchObject({ aeId: ahead, mode: 'flexible', equalityTraded: true });
  });
  it('a reschedule keeps the sales engineer when free at the new time, else attaches another free one, else none', async () => {
    const booked = await bookAt('2026-03-10T09:00:00.000Z', 'enterprise');
    expect(booked.salesEngineerId).toBe('sam');
    const rescheduledSe = async () =>
      (await events<{ salesEngineerId?: string | null }>(booked.appointmentId, 'AppointmentRescheduled')).slice(-1)[0].data.salesEngineerId;

    await http().post(`/appointments/${booked.appointmentId}/reschedule`).send({ start: '2026-03-10T10:00:00.000Z' }).expect(200);
    expect(await rescheduledSe()).toBe('sam');

    await http()
      .post('/aes')
      .send(ae('sue', 'sales-engineer', { industries: ['software'] }))
      .expect(201);
    await http().post('/aes/sam/time-off').send({ from: '2026-03-10T12:00:00Z', to: '2026-03-10T18:00:00Z' }).expect(201);
    const moved = await http()
      .post(`/appointments/${booked.appointmentId}/reschedule`)
      .send({ start: '2026-03-10T13:00:00.000Z' })
      .expect(200);
    expect(moved.body.salesEngineerId).toBe('sue');
    expect(await rescheduledSe()).toBe('sue');
    expect((await http().get(`/appointments/${booked.appointmentId}`).expect(200)).body.salesEngineerId).toBe('sue');

    await http().post('/aes/sue/time-off').send({ from: '2026-03-10T12:00:00Z', to: '2026-03-10T18:00:00Z' }).expect(201);
    const alone = await http()
      .post(`/appointments/${booked.appointmentId}/reschedule`)
      .send({ start: '2026-03-10T14:00:00.000Z' })
      .expect(200);
    expect(alone.body.salesEngineerId).toBeNull();
    expect(await rescheduledSe()).toBeNull();
  });
  it('a lead lost as hopeless, recycled and qualified again is booked again; until its new qualification it is not', async () => {
    // Wednesday 11 March, 10:00 Berlin: after every time the tests above use.
    const first = await bookAt('2026-03-11T09:00:00.000Z');
    const { leadId } = first;
    clock.set(first.start);
    await waitFor(() => events(first.appointmentId, 'AppointmentReminderDue').then((r) => r.length === 2), { message: 'both reminders' });
    await http().post(`/appointments/${first.appointmentId}/held`).send({}).expect(200);
    await http().post(`/appointments/${first.appointmentId}/outcome`).send({ movedForward: false, note: 'no budget' }).expect(200);
    const opportunityId = await waitFor(
      async () => {
        const res = await http().get('/opportunities').query({ leadId });
        return res.status === 200 && (res.body as { opportunityId: string }).opportunityId;
      },
      { message: `opportunity of ${leadId}` },
    );
    await http().post(`/opportunities/${opportunityId}/lose`).send({ reason: 'no budget this year', hopeless: true }).expect(200);
    await waitFor(async () => (await store.readStream(`nurture-${leadId}`)).some((e) => e.type === 'LeadRecycled'), {
      message: 'lead recycled',
    });

    // Recycled but not qualified again: the completed appointment belongs to the lead's current cycle.
    const early = await http().post(`/leads/${leadId}/slots`).send({}).expect(409);
    expect(early.body).toMatchObject({ error: 'lead-already-booked' });
    expect(early.body.message).toContain(first.appointmentId);

    // Routing reopens it for an outbound SDR, who qualifies it again (routing's LeadQualified).
    clock.advance(24 * 3_600_000);
    const requalified: LeadQualified = {
      type: 'LeadQualified',
      data: { leadId, sdrId: 'sdr-outbound', reason: 'new budget this year', at: clock.now().toISOString() },
    };
    await store.appendToStream(`assignment-${leadId}`, [{ ...requalified, metadata: { leadId, correlationId: leadId } }]);
    await waitFor(
      async () => {
        const { rows } = await db.query<{ sdr_id: string }>('select sdr_id from appointments.qualified_leads where lead_id = $1', [leadId]);
        return rows[0]?.sdr_id === 'sdr-outbound';
      },
      { message: 'qualified again' },
    );

    const offer = await http().post(`/leads/${leadId}/slots`).send({}).expect(201);
    expect(offer.body.slots.length).toBeGreaterThan(0);
    const again = await http()
      .post('/appointments')
      .send({ leadId, appointmentId: offer.body.appointmentId, slots: [{ start: offer.body.slots[0].start }] })
      .expect(201);
    expect(again.body).toMatchObject({ leadId, appointmentId: offer.body.appointmentId });
    expect(again.body.appointmentId).not.toBe(first.appointmentId);
    // One first appointment per cycle: the new one bars a third.
    const third = await http()
      .post('/appointments')
      .send({ leadId, slots: [{ start: offer.body.slots[1].start }] })
      .expect(409);
    expect(third.body.error).toBe('lead-already-booked');
  });
  it('a platform-chosen reschedule counts the credit leaving its holder: it moves only when the move keeps strict equality', async () => {
    const c = await credits();
    if (c.ada !== c.bob) await bookAt('2026-03-13T08:00:00.000Z'); // the one behind catches up
    const even = await credits();
    expect(even.ada).toBe(even.bob);
    // Monday 16 March: A goes to one AE (x), B to the other (y): one credit each above the even count.
    const a = await bookAt('2026-03-16T09:00:00.000Z');
    const b = await bookAt('2026-03-16T09:00:00.000Z');
    const [x, y] = [a.aeId, b.aeId];
    expect(x).not.toBe(y);
    await http().post(`/aes/${x}/time-off`).send({ from: '2026-03-16T12:00:00Z', to: '2026-03-16T15:00:00Z' }).expect(201);
    // x cannot take 13:00; giving A to y would leave x one below the even count and y one above it.
    const refused = await http()
      .post(`/appointments/${a.appointmentId}/reschedule`)
      .send({ start: '2026-03-16T13:00:00.000Z' })
      .expect(409);
    expect(refused.body.error).toBe('no-fair-slot');
    expect(await credits()).toMatchObject({ [x]: even[x] + 1, [y]: even[y] + 1 });

    // C makes z one credit ahead; a move of C from z to the other AE keeps the two within one.
    const cBooked = await bookAt('2026-03-16T10:00:00.000Z');
    const z = cBooked.aeId;
    const other = z === 'ada' ? 'bob' : 'ada';
    await http().post(`/aes/${z}/time-off`).send({ from: '2026-03-16T15:00:00Z', to: '2026-03-16T16:00:00Z' }).expect(201);
    const moved = await http()
      .post(`/appointments/${cBooked.appointmentId}/reschedule`)
      .send({ start: '2026-03-16T15:30:00.000Z' })
      .expect(200);
    expect(moved.body.aeId).toBe(other);
    expect(await credits()).toMatchObject({ [z]: even[z] + 1, [other]: even[other] + 2 });
  });
  it('every way an appointment changes hands obeys role, segment, availability and strict equality, or is refused naming the rule', async () => {
    await http()
      .post('/aes')
      .send(ae('eve', 'demo-guru', { segments: ['enterprise'] }))
      .expect(201);
    const c = await credits();
    if (c.ada !== c.bob) await bookAt('2026-03-17T08:00:00.000Z');
    const even = (await credits()).ada;
    const a = await bookAt('2026-03-17T09:00:00.000Z');
    const x = a.aeId;
    const y = x === 'ada' ? 'bob' : 'ada';
    const move = (id: string, body: Record<string, unknown>, route: 'reschedule' | 'reassign' = 'reschedule') =>
      http().post(`/appointments/${id}/${route}`).send(body);

    // A hunter takes no first appointment; eve serves enterprise only; y is off at 12:00.
    for (const route of ['reschedule', 'reassign'] as const) {
      const time = route === 'reschedule' ? { start: a.start } : {};
      const hunter = await move(a.appointmentId, { ...time, aeId: 'hal' }, route).expect(422);
      expect(hunter.body).toMatchObject({ error: 'not-a-booking-role' });
      expect(hunter.body.message).toMatch(/hal is a hunter/);
      expect((await move(a.appointmentId, { ...time, aeId: 'eve' }, route).expect(422)).body.error).toBe('segment-not-served');
    }
    await http().post(`/aes/${y}/time-off`).send({ from: '2026-03-17T12:00:00Z', to: '2026-03-17T13:00:00Z' }).expect(201);
    const off = await move(a.appointmentId, { start: '2026-03-17T12:00:00.000Z', aeId: y }).expect(409);
    expect(off.body).toMatchObject({ error: 'ae-unavailable' });
    expect(await credits()).toMatchObject({ [x]: even + 1, [y]: even });

    // To y, at the floor once the credit leaves x: allowed, nothing overridden.
    const toY = await move(a.appointmentId, { aeId: y }, 'reassign').expect(200);
    expect(toY.body).toMatchObject({ aeId: y, start: a.start });
    expect((await events<{ override?: unknown }>(a.appointmentId, 'AppointmentRescheduled')).slice(-1)[0].data.override).toBeUndefined();

    // B goes to x (the floor): both one ahead. Moving B to y would leave y two ahead of x.
    const b = await bookAt('2026-03-17T10:00:00.000Z');
    expect(b.aeId).toBe(x);
    const unfair = await move(b.appointmentId, { aeId: y }, 'reassign').expect(409);
    expect(unfair.body).toMatchObject({ error: 'breaks-equality' });
    await move(b.appointmentId, { override: { reason: 'prospect asked for them' } }, 'reassign').expect(400);
    // Only sales-ops (or admin) may set equality aside: a manager, who may reassign, may not override.
    const manager = t.as(await t.keyFor(['manager']));
    const refused = await manager
      .post(`/appointments/${b.appointmentId}/reassign`)
      .send({ aeId: y, override: { reason: 'prospect asked for them by name' } })
      .expect(403);
    expect(refused.body.message).toMatch(/fairness override needs the role sales-ops/);
    const salesOps = t.as(await t.keyFor(['sales-ops']));
    const overridden = await salesOps
      .post(`/appointments/${b.appointmentId}/reassign`)
      .send({ aeId: y, override: { reason: 'prospect asked for them by name' } })
      .expect(200);
    expect(overridden.body.aeId).toBe(y);
    const [recorded] = (await events<{ override?: unknown; fromAeId: string }>(b.appointmentId, 'AppointmentRescheduled')).slice(-1);
    expect(recorded.data).toMatchObject({ fromAeId: x, override: { rule: 'strict-equality', reason: 'prospect asked for them by name' } });
    expect(await credits()).toMatchObject({ [x]: even, [y]: even + 2 });

    // Platform-chosen reassignment: C (x, the floor) has nobody fair to go to; A (y, two ahead) goes back to x.
    const cBooked = await bookAt('2026-03-17T11:00:00.000Z');
    expect(cBooked.aeId).toBe(x);
    expect((await move(cBooked.appointmentId, {}, 'reassign').expect(409)).body.error).toBe('no-fair-slot');
    const back = await move(a.appointmentId, {}, 'reassign').expect(200);
    expect(back.body.aeId).toBe(x);
    expect(await credits()).toMatchObject({ [x]: even + 2, [y]: even + 1 });
  });

  it('object level: a rep books only the leads its SDR qualified; an AE works and reads only its own appointments; the SDR may move or cancel', async () => {
    // Tuesday 24 March, 10:00 and 11:00 Berlin.
    const [at, later] = ['2026-03-24T09:00:00.000Z', '2026-03-24T10:00:00.000Z'];
    const leadId = await givenLead(store, db, {
      segment: 'smb',
      industry: 'software',
      timeZone: 'Europe/Berlin',
      qualified: true,
      at: clock.now().toISOString(),
      sdrId: 'sdr-ana',
    });
    const ana = t.as(await t.keyFor(['rep'], { repId: 'sdr-ana' }));
    const bo = t.as(await t.keyFor(['rep'], { repId: 'sdr-bo' }));
    const offer = await bo.post(`/leads/${leadId}/slots`).send({}).expect(403);
    expect(offer.body.message).toBe(`lead ${leadId} is not assigned to rep sdr-bo`);
    await bo
      .post('/appointments')
      .send({ leadId, slots: [{ start: at }] })
      .expect(403);
    const { body: booked } = await ana
      .post('/appointments')
      .send({ leadId, slots: [{ start: at }] })
      .expect(201);
    const id = booked.appointmentId as string;
    const holder = t.as(await t.keyFor(['rep'], { repId: booked.aeId }));
    const otherAeId = booked.aeId === 'ada' ? 'bob' : 'ada';
    const otherAe = t.as(await t.keyFor(['rep'], { repId: otherAeId }));

    // Reads: the AE, the SDR of the lead; not another AE or SDR. A rep's calendar is its own.
    expect((await otherAe.get(`/appointments/${id}`).expect(403)).body.message).toBe(
      `appointment ${id} is not assigned to rep ${otherAeId}`,
    );
    await bo.get(`/appointments/${id}`).expect(403);
    await ana.get(`/appointments/${id}`).expect(200);
    expect((await holder.get(`/appointments/${id}`).expect(200)).body.aeId).toBe(booked.aeId);
    const own = (await holder.get('/appointments').expect(200)).body as { appointmentId: string; aeId: string; salesEngineerId: string }[];
    expect(own.map((a) => a.appointmentId)).toContain(id);
    expect(own.every((a) => a.aeId === booked.aeId || a.salesEngineerId === booked.aeId)).toBe(true);
    expect((await otherAe.get('/appointments').expect(200)).body.map((a: { appointmentId: string }) => a.appointmentId)).not.toContain(id);
    await holder.get(`/appointments?aeId=${otherAeId}`).expect(403);
    const analyst = t.as(await t.keyFor(['analyst']));
    const calendar = (await analyst.get(`/appointments?aeId=${booked.aeId}`).expect(200)).body as { appointmentId: string }[];
    expect(calendar.map((a) => a.appointmentId)).toContain(id);

    // Acts: another AE or SDR may not; the SDR may move or cancel for the prospect, not record the meeting.
    await otherAe.post(`/appointments/${id}/held`).send({}).expect(403);
    await otherAe.post(`/appointments/${id}/reschedule`).send({ start: later }).expect(403);
    await bo.post(`/appointments/${id}/cancel`).send({ reason: 'not mine' }).expect(403);
    await ana.post(`/appointments/${id}/held`).send({}).expect(403);
    const moved = await ana.post(`/appointments/${id}/reschedule`).send({ start: later }).expect(200);
    expect(moved.body).toMatchObject({ start: later, aeId: booked.aeId });
    await holder.post(`/appointments/${id}/held`).send({}).expect(200);
    await otherAe.post(`/appointments/${id}/outcome`).send({ movedForward: false }).expect(403);
    await holder.post(`/appointments/${id}/outcome`).send({ movedForward: false }).expect(200);
    expect((await events(id, 'AppointmentHeld')).length).toBe(1);
  });
});
