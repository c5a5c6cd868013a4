import type { CustomerManagerAssigned, RenewalWindowOpened } from '@leadline/domain';
import type { EventStore, SqlDatabase } from '@leadline/event-store';
import { TimerRunner } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { timerStatus, VirtualClock } from '@leadline/scheduling';
import { createCustomerSuccessService, type CustomerView, type ManagerEntry } from '@leadline/service-customer-success';
import { waitFor } from '@leadline/testing';
import { daysAfter, givenWonDeal } from './won-deal.fixture';

const START = '2026-03-02T09:00:00.000Z';
const manager = (managerId: string, segments: string[], capacity?: number) => ({
  managerId,
  name: managerId.toUpperCase(),
  email: `${managerId}@cs.example`,
  segments,
  capacity,
});

describe.each(['pg', 'pglite'] as const)('customer-success service on %s', (driver) => {
  const clock = new VirtualClock(START);
  let store: EventStore;
  let db: SqlDatabase;
  let t: TestApp;

  const http = () => t.http();
  const customer = async (id: string) => (await http().get(`/customers/${id}`).expect(200)).body as CustomerView;
  const created = (id: string) =>
    waitFor(
      async () => {
        const res = await http().get(`/customers/${id}`);
        return res.status === 200 && (res.body as CustomerView);
      },
      { message: `customer ${id}` },
    );
  const timers = () => t.app.get(TimerRunner);
  const windowsIn = async (id: string) =>
    (await store.readStream(`customer-${id}`))
      .filter((e) => e.type === 'RenewalWindowOpened')
      .map((e) => e.data as RenewalWindowOpened['data']);

  beforeAll(async () => {
    // Capacity bounds lowered so a full manager is cheap to build; the default bounds (100-150) are unit-tested.
    t = await startTestApp(
      [createCustomerSuccessService({ clock, env: { CS_TIMER_POLL_MS: '25', CS_MANAGER_CAPACITY_MIN: '1' } })],
      driver,
      'customer-success',
    );
    ({ store, db } = t);
    for (const body of [manager('ann', ['smb'], 100), manager('ben', ['smb'], 100), manager('cat', ['enterprise'])]) {
      await http().post('/customer-managers').send(body).expect(201);
    }
  });

  afterAll(() => t?.close());

  it('refuses a manager outside the configured capacity bounds and defaults to 150 clients', async () => {
    const res = await http()
      .post('/customer-managers')
      .send(manager('dee', ['smb'], 151))
      .expect(400);
    expect(res.body.error).toBe('invalid-manager');
    const roster = (await http().get('/customer-managers').expect(200)).body as ManagerEntry[];
    expect(roster.find((m) => m.managerId === 'cat')).toMatchObject({ capacity: 150, clients: 0 });
  });

  it('won deal → customer with the manager that has the fewest clients in its segment → onboarded → 60- and 30-day windows on the clock → renewed with the next windows', async () => {
    const first = await givenWonDeal(store, { renewalDate: daysAfter(START, 365), segment: 'smb', at: START });
    expect((await created(first.opportunityId)).manager?.managerId).toBe('ann'); // 0 vs 0: the lower id

    const renewalDate = daysAfter(START, 365);
    const won = await givenWonDeal(store, { renewalDate, segment: 'smb', at: START, amount: 30_000 });
    const id = won.opportunityId;
    const fresh = await created(id);
    expect(fresh).toMatchObject({
      status: 'active',
      leadId: won.leadId,
      amount: 30_000,
      renewalDate,
      manager: { managerId: 'ben', name: 'BEN' },
      windowsOpened: [],
    });
    expect(fresh.pendingWindows.map((w) => [w.daysBefore, w.dueAt])).toEqual([
      [60, daysAfter(renewalDate, -60)],
      [30, daysAfter(renewalDate, -30)],
    ]);
    const events = await store.readStream(`customer-${id}`);
    expect(events.map((e) => e.type)).toEqual(['CustomerCreated', 'CustomerManagerAssigned']);
    expect(events[0].transactionId).toBe(events[1].transactionId);
    expect(events.every((e) => e.metadata.leadId === won.leadId)).toBe(true);
    const assigned = events[1].data as CustomerManagerAssigned['data'];
    expect(assigned.pool.filter((p) => p.segmentMatch).map((p) => [p.managerId, p.clients])).toEqual([
      ['ann', 1],
      ['ben', 0],
    ]);

    expect(await customer(id)).toMatchObject({ onboardedAt: null });
    const onboarded = (await http().post(`/customers/${id}/onboarded`).expect(200)).body as CustomerView;
    expect(onboarded.onboardedAt).toBe(START);
    expect((await http().post(`/customers/${id}/onboarded`).expect(409)).body.error).toBe('already-onboarded');

    clock.set(daysAfter(renewalDate, -61));
    await timers().fireDue();
    expect(await windowsIn(id)).toEqual([]);

    clock.set(daysAfter(renewalDate, -60));
    const sixty = await waitFor(async () => (await customer(id)).windowsOpened.length === 1 && customer(id), { message: '60-day window' });
    expect(sixty.windowsOpened).toEqual([{ daysBefore: 60, renewalDate, at: daysAfter(renewalDate, -60) }]);

    clock.set(daysAfter(renewalDate, -30));
    const thirty = await waitFor(async () => (await customer(id)).windowsOpened.length === 2 && customer(id), { message: '30-day window' });
    expect(thirty.windowsOpened.map((w) => w.daysBefore)).toEqual([60, 30]);
    expect(thirty.pendingWindows).toEqual([]);

    clock.set(daysAfter(renewalDate, -10));
    const nextDate = daysAfter(renewalDate, 365);
    const renewed = (await http().post(`/customers/${id}/renew`).send({ newRenewalDate: nextDate, amount: 33_000 }).expect(200))
      .body as CustomerView;
    expect(renewed).toMatchObject({
      status: 'active',
      renewalDate: nextDate,
      renewals: [{ previousRenewalDate: renewalDate, newRenewalDate: nextDate, amount: 33_000 }],
    });
    expect(renewed.pendingWindows.map((w) => [w.daysBefore, w.renewalDate, w.dueAt])).toEqual([
      [60, nextDate, daysAfter(nextDate, -60)],
      [30, nextDate, daysAfter(nextDate, -30)],
    ]);
    expect((await http().post(`/customers/${id}/renew`).send({ newRenewalDate: renewalDate, amount: 1 }).expect(400)).body.error).toBe(
      'invalid-renewal',
    );

    clock.set(daysAfter(nextDate, -60));
    await waitFor(async () => (await customer(id)).windowsOpened.length === 3, { message: '60-day window of the renewed term' });
    expect((await windowsIn(id)).map((w) => [w.daysBefore, w.renewalDate])).toEqual([
      [60, renewalDate],
      [30, renewalDate],
      [60, nextDate],
    ]);
  });

  it('a churned customer keeps its reason, its pending timers are cancelled and nothing fires later', async () => {
    const renewalDate = daysAfter(clock.now().toISOString(), 200);
    const won = await givenWonDeal(store, { renewalDate, segment: 'enterprise', at: clock.now().toISOString() });
    const id = won.opportunityId;
    expect((await created(id)).manager?.managerId).toBe('cat');
    const timerIds = (
      await db.query<{ timer_id: string }>(`select timer_id from customer_success.renewal_timers where customer_id = $1`, [id])
    ).rows.map((r) => r.timer_id);
    expect(timerIds).toHaveLength(2);

    const churned = (await http().post(`/customers/${id}/churn`).send({ reason: 'went with a competitor' }).expect(200))
      .body as CustomerView;
    expect(churned).toMatchObject({ status: 'churned', churn: { reason: 'went with a competitor' }, pendingWindows: [] });
    for (const timerId of timerIds) expect(await timerStatus(db, timerId)).toBe('cancelled');
    expect(
      (
        await http()
          .post(`/customers/${id}/renew`)
          .send({ newRenewalDate: daysAfter(renewalDate, 365), amount: 1 })
          .expect(409)
      ).body.error,
    ).toBe('customer-churned');
    expect((await http().get('/customer-managers').expect(200)).body.find((m: ManagerEntry) => m.managerId === 'cat')).toMatchObject({
      clients: 0,
    });

    clock.set(daysAfter(renewalDate, 1));
    await timers().fireDue();
    expect(await windowsIn(id)).toEqual([]);
    expect((await customer(id)).windowsOpened).toEqual([]);
  });

  it('a full manager is skipped even with the fewest clients of the segment', async () => {
    await http()
      .post('/customer-managers')
      .send(manager('amy', ['mid-market'], 1))
      .expect(201);
    await http()
      .post('/customer-managers')
      .send(manager('zed', ['mid-market'], 100))
      .expect(201);
    const owners: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const won = await givenWonDeal(store, {
        renewalDate: daysAfter(clock.now().toISOString(), 365),
        segment: 'mid-market',
        at: clock.now().toISOString(),
      });
      owners.push((await created(won.opportunityId)).manager?.managerId);
    }
    // amy (capacity 1) takes the first; then she is full and zed takes the rest, even when amy has fewer.
    expect(owners).toEqual(['amy', 'zed', 'zed', 'zed']);
    const roster = (await http().get('/customer-managers').expect(200)).body as ManagerEntry[];
    expect(roster.filter((m) => m.segments.includes('mid-market')).map((m) => [m.managerId, m.clients, m.capacity])).toEqual([
      ['amy', 1, 1],
      ['zed', 3, 100],
    ]);
  });

  it('opens at once a window whose date is already past when the customer is created, and falls back to another segment when nobody covers it', async () => {
    const now = clock.now().toISOString();
    const renewalDate = daysAfter(now, 40);
    const won = await givenWonDeal(store, { renewalDate, segment: 'public-sector', at: now });
    const view = await waitFor(
      async () => {
        const res = await http().get(`/customers/${won.opportunityId}`);
        return res.status === 200 && (res.body as CustomerView).windowsOpened.length === 1 && (res.body as CustomerView);
      },
      { message: 'window opened at creation' },
    );
    expect(view.windowsOpened).toEqual([{ daysBefore: 60, renewalDate, at: now }]);
    expect(view.pendingWindows.map((w) => w.daysBefore)).toEqual([30]);
    const assigned = (await store.readStream(`customer-${won.opportunityId}`)).find((e) => e.type === 'CustomerManagerAssigned')
      ?.data as CustomerManagerAssigned['data'];
    expect(assigned.segmentMatched).toBe(false);
  });

  it('hands upsells to business development and tracks them to won or lost', async () => {
    const won = await givenWonDeal(store, {
      renewalDate: daysAfter(clock.now().toISOString(), 365),
      segment: 'smb',
      at: clock.now().toISOString(),
    });
    const id = won.opportunityId;
    await created(id);
    await http()
      .post(`/customers/${id}/upsells`)
      .send({ upsellId: 'seats', description: 'fifty more seats', handedTo: 'bd-bo' })
      .expect(201);
    await http()
      .post(`/customers/${id}/upsells`)
      .send({ upsellId: 'support', description: 'premium support', handedTo: 'bd-flo' })
      .expect(201);
    expect((await http().post(`/customers/${id}/upsells/seats/close`).send({ won: true }).expect(400)).body.error).toBe('invalid-upsell');
    await http().post(`/customers/${id}/upsells/seats/close`).send({ won: true, amount: 9_000 }).expect(200);
    const view = (await http().post(`/customers/${id}/upsells/support/close`).send({ won: false }).expect(200)).body as CustomerView;
    expect(view.upsells.map((u) => [u.upsellId, u.handedTo, u.status, u.amount])).toEqual([
      ['seats', 'bd-bo', 'won', 9_000],
      ['support', 'bd-flo', 'lost', null],
    ]);
    expect((await http().post(`/customers/${id}/upsells/nope/close`).send({ won: false }).expect(404)).body.error).toBe('upsell-not-found');
    expect((await http().get('/customers/nobody').expect(404)).body.error).toBe('customer-not-found');
  });

  it('object level: a customer manager reads and works only its own customers (another manager: 403); managers and analysts beyond', async () => {
    const won = await givenWonDeal(store, {
      renewalDate: daysAfter(clock.now().toISOString(), 365),
      segment: 'enterprise',
      at: clock.now().toISOString(),
    });
    const id = won.opportunityId;
    expect((await created(id)).manager?.managerId).toBe('cat');
    const cat = t.as(await t.keyFor(['rep'], { repId: 'cat' }));
    const ann = t.as(await t.keyFor(['rep'], { repId: 'ann' }));
    const read = await ann.get(`/customers/${id}`).expect(403);
    expect(read.body.message).toBe(`customer ${id} is not assigned to rep ann`);
    for (const [path, body] of [
      ['onboarded', {}],
      ['renew', { newRenewalDate: daysAfter(clock.now().toISOString(), 730), amount: 1 }],
      ['churn', { reason: 'not mine' }],
      ['upsells', { upsellId: 'seats', description: 'more seats', handedTo: 'bd-bo' }],
    ] as const) {
      await ann.post(`/customers/${id}/${path}`).send(body).expect(403);
    }
    await ann.post(`/customers/${id}/upsells/seats/close`).send({ won: false }).expect(403);
    expect((await store.readStream(`customer-${id}`)).map((e) => e.type)).not.toContain('CustomerOnboarded');

    expect((await cat.get(`/customers/${id}`).expect(200)).body.customerId).toBe(id);
    expect((await cat.post(`/customers/${id}/onboarded`).send({}).expect(200)).body.onboardedAt).not.toBeNull();
    await t
      .as(await t.keyFor(['analyst']))
      .get(`/customers/${id}`)
      .expect(200);
    await t
      .as(await t.keyFor(['manager']))
      .post(`/customers/${id}/upsells`)
      .send({ upsellId: 'seats', description: 'more seats', handedTo: 'bd-bo' })
      .expect(201);
  });
});
