import { newEventId, SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { VirtualClock } from '@leadline/scheduling';
import { waitFor } from '@leadline/testing';
import { givenAppointmentHeld, givenMovedForward, startPipelineApp, type Driver, type PipelineApp } from './pipeline.fixture';

const T0 = '2026-03-02T10:00:00.000Z';
const HOUR = 3_600_000;

describe.each<Driver>(['pg', 'pglite'])('opportunities on %s', (driver) => {
  const clock = new VirtualClock(T0);
  let p: PipelineApp;
  const http = () => p.http();
  const opportunityOf = (leadId: string) =>
    waitFor(
      async () => {
        const res = await http().get('/opportunities').query({ leadId });
        return res.status === 200 && (res.body as { opportunityId: string }).opportunityId;
      },
      { message: `opportunity of ${leadId}` },
    );

  beforeAll(async () => {
    p = await startPipelineApp(driver, `pipeline-opps-${driver}`, clock);
  });
  afterAll(() => p?.close());

  it('the first held appointment of a lead opens one opportunity in discovery; later held appointments open no second one', async () => {
    const leadId = `lead-${newEventId()}`;
    await givenAppointmentHeld(p.store, leadId, 'guru-1', T0);
    await givenAppointmentHeld(p.store, leadId, 'guru-1', T0);
    const opportunityId = await opportunityOf(leadId);
    // A later lead's opportunity proves the processor is past both held appointments of the first.
    const other = `lead-${newEventId()}`;
    await givenAppointmentHeld(p.store, other, 'guru-1', T0);
    await opportunityOf(other);
    const db: SqlDatabase = p.app.get(SQL_DATABASE);
    const { rows } = await db.query<{ n: string }>(
      `select count(*) as n from event_store.events where event_type = 'OpportunityOpened' and data->>'leadId' = $1`,
      [leadId],
    );
    expect(Number(rows[0].n)).toBe(1);
    const view = await http().get(`/opportunities/${opportunityId}`).expect(200);
    expect(view.body).toMatchObject({ leadId, aeId: 'guru-1', status: 'open', stage: 'discovery', openedAt: T0 });
  });

  it('an opportunity goes through every stage to won with amount, margin, term and renewal date, and reports the time in each stage', async () => {
    clock.set(T0);
    const leadId = `lead-${newEventId()}`;
    await givenAppointmentHeld(p.store, leadId, 'hunter-1', T0);
    const id = await opportunityOf(leadId);
    for (const [hours, to] of [
      [2, 'demo'],
      [3, 'proposal'],
      [1, 'negotiation'],
    ] as const) {
      clock.advance(hours * HOUR);
      await http().post(`/opportunities/${id}/stage`).send({ to }).expect(200);
    }
    await http().post(`/opportunities/${id}/stage`).send({ to: 'discovery' }).expect(422);
    clock.advance(4 * HOUR);
    await http().post(`/opportunities/${id}/win`).send({ amount: 48_000, margin: 0.6, contractTermMonths: 12 }).expect(400);
    const win = { amount: 48_000, margin: 0.6, contractTermMonths: 12, renewalDate: '2027-03-02' };
    const won = await http().post(`/opportunities/${id}/win`).send(win).expect(200);
    expect(won.body).toMatchObject({
      status: 'won',
      stage: 'won',
      won: { ...win, opportunityId: id, leadId, aeId: 'hunter-1', segment: null },
      timeInStages: { discovery: 2 * HOUR, demo: 3 * HOUR, proposal: HOUR, negotiation: 4 * HOUR },
    });
    clock.advance(24 * HOUR);
    const later = await http().get(`/opportunities/${id}`).expect(200);
    expect(later.body.timeInStages).toEqual(won.body.timeInStages);
    const types = (await p.store.readStream(`opportunity-${id}`)).map((e) => e.type);
    expect(types).toEqual([
      'OpportunityOpened',
      'OpportunityStageChanged',
      'OpportunityStageChanged',
      'OpportunityStageChanged',
      'OpportunityWon',
    ]);
  });

  it('a demo moved forward to a hunter hands the opportunity over: the hunter wins it', async () => {
    const at = clock.now().toISOString();
    const leadId = `lead-${newEventId()}`;
    const appointmentId = await givenAppointmentHeld(p.store, leadId, 'guru-2', at);
    const id = await opportunityOf(leadId);
    await givenMovedForward(p.store, leadId, appointmentId, 'guru-2', 'hunter-7', at);
    await waitFor(async () => (await http().get(`/opportunities/${id}`)).body.aeId === 'hunter-7', { message: 'hand-over to hunter-7' });
    // Object level: the guru's rep key may not win the hunter's deal any more; the hunter's may.
    const terms = { amount: 1_000, margin: 0.5, contractTermMonths: 24, renewalDate: '2028-03-01' };
    const refused = await (await p.asRep('guru-2')).post(`/opportunities/${id}/win`).send(terms).expect(403);
    expect(refused.body.message).toBe(`opportunity ${id} is not assigned to rep guru-2`);
    // Reads too: the guru no longer reads the deal, by id or by lead; the hunter does.
    expect((await (await p.asRep('guru-2')).get(`/opportunities/${id}`).expect(403)).body.message).toBe(
      `opportunity ${id} is not assigned to rep guru-2`,
    );
    await (await p.asRep('guru-2')).get(`/opportunities?leadId=${leadId}`).expect(403);
    expect((await (await p.asRep('hunter-7')).get(`/opportunities?leadId=${leadId}`).expect(200)).body.opportunityId).toBe(id);
    expect((await (await p.asRep('hunter-7')).get(`/opportunities/${id}`).expect(200)).body.aeId).toBe('hunter-7');
    const won = await (
      await p.asRep('hunter-7')
    )
      .post(`/opportunities/${id}/win`)
      .send({ amount: 1_000, margin: 0.5, contractTermMonths: 24, renewalDate: '2028-03-01' })
      .expect(200);
    expect(won.body.won).toMatchObject({ aeId: 'hunter-7', contractTermMonths: 24 });
  });

  it('a lost opportunity records its reason; a closed opportunity changes no more', async () => {
    const leadId = `lead-${newEventId()}`;
    await givenAppointmentHeld(p.store, leadId, 'hunter-2', clock.now().toISOString());
    const id = await opportunityOf(leadId);
    await http().post(`/opportunities/${id}/lose`).send({ reason: 'chose a competitor' }).expect(400);
    const lost = await http().post(`/opportunities/${id}/lose`).send({ reason: 'chose a competitor', hopeless: false }).expect(200);
    expect(lost.body).toMatchObject({ status: 'lost', lost: { reason: 'chose a competitor', hopeless: false, aeId: 'hunter-2' } });
    await http().post(`/opportunities/${id}/stage`).send({ to: 'demo' }).expect(409);
    await http().get(`/opportunities/${newEventId()}`).expect(404);
  });
});
