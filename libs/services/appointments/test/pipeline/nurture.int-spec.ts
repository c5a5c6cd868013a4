import { NO_PROGRESS_REASON, oneYearAfter, type LeadRecycled, type ProspectNurtured } from '@leadline/domain';
import { newEventId, SQL_DATABASE, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import { timerStatus, VirtualClock } from '@leadline/scheduling';
import { waitFor } from '@leadline/testing';
import { TimerRunner } from '@leadline/platform';
import { givenAppointmentHeld, startPipelineApp, type Driver, type PipelineApp } from './pipeline.fixture';

const T0 = '2026-03-02T10:00:00.000Z';
const DAY = 86_400_000;
const COOL_OFF_DAYS = 30;

describe.each<Driver>(['pg', 'pglite'])('nurture and recycling on %s', (driver) => {
  const clock = new VirtualClock(T0);
  let p: PipelineApp;
  let db: SqlDatabase;
  const http = () => p.http();
  const stream = (leadId: string) => p.store.readStream(`nurture-${leadId}`);
  const recycledEvent = (leadId: string) =>
    waitFor(
      async () =>
        (await stream(leadId)).find((e) => e.type === 'LeadRecycled') as RecordedEvent<'LeadRecycled', LeadRecycled['data']> | undefined,
      {
        message: `LeadRecycled for ${leadId}`,
      },
    );
  const yearTimerOf = async (leadId: string) => {
    const nurtured = (await stream(leadId)).find((e) => e.type === 'ProspectNurtured');
    const { rows } = await db.query<{ timer_id: string }>(
      `select timer_id from scheduling.timers where stream_id = $1 and event->'data'->>'nurturedAt' = $2`,
      [`nurture-${leadId}`, (nurtured?.data as ProspectNurtured['data']).at],
    );
    return rows[0].timer_id;
  };
  const nurture = (leadId: string, returnBy: string) =>
    http().post(`/leads/${leadId}/nurture`).send({ originalAeId: 'hunter-1', returnBy, reason: 'budget frozen until next fiscal year' });

  beforeAll(async () => {
    p = await startPipelineApp(driver, `pipeline-nurture-${driver}`, clock, { RECYCLE_COOL_OFF_DAYS: String(COOL_OFF_DAYS) });
    db = p.app.get(SQL_DATABASE);
  });
  afterAll(() => p?.close());

  it('a return date later than one year out is refused', async () => {
    await nurture(`lead-${newEventId()}`, '2027-03-02T10:00:00.001Z').expect(400);
  });

  it('a nurtured prospect waits in the hugger queue and returns to its ORIGINAL account executive, which cancels its year timer', async () => {
    clock.set(T0);
    const leadId = `lead-${newEventId()}`;
    await nurture(leadId, '2026-09-01').expect(201);
    const queue = await http().get('/nurture').expect(200);
    expect(queue.body).toContainEqual(
      expect.objectContaining({ leadId, originalAeId: 'hunter-1', returnBy: '2026-09-01T00:00:00.000Z', status: 'nurtured' }),
    );
    const timerId = await yearTimerOf(leadId);
    expect(await timerStatus(db, timerId)).toBe('pending');

    clock.set('2026-08-20T09:00:00.000Z');
    const returned = await http().post(`/leads/${leadId}/nurture/return`).send({ aeId: 'someone-else' });
    expect(returned.status).toBe(200);
    expect(returned.body).toEqual({ status: 'returned', leadId, aeId: 'hunter-1' });
    expect((await stream(leadId)).map((e) => [e.type, (e.data as { aeId?: string }).aeId])).toEqual([
      ['ProspectNurtured', undefined],
      ['ProspectReturnedFromNurture', 'hunter-1'],
    ]);
    expect(await timerStatus(db, timerId)).toBe('cancelled');
    expect(((await http().get('/nurture').expect(200)).body as { leadId: string }[]).map((r) => r.leadId)).not.toContain(leadId);
    await http().post(`/leads/${leadId}/nurture/return`).expect(409);
  });

  it('a year in nurture without progress recycles the prospect (durable timer on virtual time), available to outbound after the cool-off', async () => {
    const nurturedAt = '2026-09-01T12:00:00.000Z';
    clock.set(nurturedAt);
    const leadId = `lead-${newEventId()}`;
    await nurture(leadId, '2027-06-01').expect(201);

    clock.set(new Date(Date.parse(oneYearAfter(nurturedAt)) - 1_000));
    await p.app.get(TimerRunner).fireDue();
    expect((await stream(leadId)).map((e) => e.type)).toEqual(['ProspectNurtured']);

    clock.set(oneYearAfter(nurturedAt));
    const recycled = await recycledEvent(leadId);
    expect(recycled.data).toEqual({
      leadId,
      reason: NO_PROGRESS_REASON,
      at: '2027-09-01T12:00:00.000Z',
      availableToOutboundAt: new Date(Date.parse('2027-09-01T12:00:00.000Z') + COOL_OFF_DAYS * DAY).toISOString(),
    });
    expect((await stream(leadId)).map((e) => e.type)).toEqual(['ProspectNurtured', 'NurtureYearElapsed', 'LeadRecycled']);
    const list = await http().get('/nurture').query({ status: 'recycled' }).expect(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({ leadId, status: 'recycled', availableToOutboundAt: recycled.data.availableToOutboundAt }),
    );
  });

  it('a year timer scheduled before the service stopped recycles the prospect after it starts again', async () => {
    const nurturedAt = clock.now().toISOString();
    const leadId = `lead-${newEventId()}`;
    await nurture(leadId, new Date(Date.parse(nurturedAt) + 30 * DAY).toISOString()).expect(201);
    await p.restart();
    db = p.app.get(SQL_DATABASE);
    clock.set(oneYearAfter(nurturedAt));
    expect((await recycledEvent(leadId)).data.reason).toBe(NO_PROGRESS_REASON);
  });

  it('an opportunity lost as hopeless recycles the lead (ending its nurture); one lost with hope does not', async () => {
    const at = clock.now().toISOString();
    const hopeful = `lead-${newEventId()}`;
    const hopeless = `lead-${newEventId()}`;
    await nurture(hopeless, new Date(Date.parse(at) + 90 * DAY).toISOString()).expect(201);
    const timerId = await yearTimerOf(hopeless);
    const opportunities: Record<string, string> = {};
    for (const leadId of [hopeful, hopeless]) {
      await givenAppointmentHeld(p.store, leadId, 'hunter-3', at);
      opportunities[leadId] = await waitFor(async () => {
        const res = await http().get('/opportunities').query({ leadId });
        return res.status === 200 && (res.body as { opportunityId: string }).opportunityId;
      });
    }
    await http().post(`/opportunities/${opportunities[hopeful]}/lose`).send({ reason: 'timing', hopeless: false }).expect(200);
    await http().post(`/opportunities/${opportunities[hopeless]}/lose`).send({ reason: 'company dissolved', hopeless: true }).expect(200);

    const recycled = await recycledEvent(hopeless);
    expect(recycled.data).toMatchObject({
      leadId: hopeless,
      reason: 'hopeless: company dissolved',
      availableToOutboundAt: new Date(Date.parse(at) + COOL_OFF_DAYS * DAY).toISOString(),
    });
    expect(await timerStatus(db, timerId)).toBe('cancelled');
    // The processor handles the losses in order: the hopeful one was seen first and recycled nothing.
    expect(await stream(hopeful)).toEqual([]);
  });
});
