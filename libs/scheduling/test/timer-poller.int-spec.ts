import { createPgDatabase, deriveEventId, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { countingCommits, openDatabase } from '@leadline/event-store/testing';
import { createTestDatabase, freshStoreLocation, waitFor, type Driver } from '@leadline/testing';
import { cancelTimer, migrateScheduling, scheduleTimer, scheduleTimers, timerStatus, TimerPoller, VirtualClock } from '../src/index';

interface Opened {
  open(): Promise<{ db: SqlDatabase; store: PostgresEventStore }>;
  cleanup(): Promise<void>;
}

/** A store location that can be opened again after a close (the restart test). */
async function location(driver: Driver, label: string): Promise<Opened> {
  const where = await freshStoreLocation(driver, label);
  const open = async () => {
    const db = await openDatabase(driver, where.location);
    const store = await PostgresEventStore.create(db);
    await migrateScheduling(db);
    return { db, store };
  };
  return { open, cleanup: where.cleanup };
}

const T0 = '2026-03-02T10:00:00.000Z';
let seq = 0;
const timer = (dueAt: string) => {
  const timerId = deriveEventId('timer-test', String(++seq));
  return { timerId, dueAt, streamId: `timertest-${timerId}`, event: { type: 'Rang', data: { timerId }, metadata: { leadId: timerId } } };
};

describe.each<Driver>(['pg', 'pglite'])('durable timers on %s', (driver) => {
  let where: Opened;
  let db: SqlDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    where = await location(driver, `timers-${driver}`);
    ({ db, store } = await where.open());
  });
  afterAll(async () => {
    await db.close().catch(() => undefined);
    await where.cleanup();
  });

  it('fires a timer when it is due and not before, appending its event with the timer id', async () => {
    const clock = new VirtualClock(T0);
    const t = timer('2026-03-02T10:05:00.000Z');
    await db.transaction((tx) => scheduleTimer(tx, t));
    const poller = new TimerPoller(db, store, clock);

    clock.set('2026-03-02T10:04:59.999Z');
    expect(await poller.fireDue()).toBe(0);
    expect(await store.readStream(t.streamId)).toHaveLength(0);

    clock.set('2026-03-02T10:05:00.000Z');
    expect(await poller.fireDue()).toBe(1);
    const events = await store.readStream(t.streamId);
    expect(events.map((e) => [e.id, e.type, e.metadata.leadId])).toEqual([[t.timerId, 'Rang', t.timerId]]);
    expect(await timerStatus(db, t.timerId)).toBe('fired');
    expect(await poller.fireDue()).toBe(0);
  });

  it('never fires a cancelled timer', async () => {
    const clock = new VirtualClock(T0);
    const t = timer('2026-03-02T10:01:00.000Z');
    await db.transaction((tx) => scheduleTimer(tx, t));
    expect(await db.transaction((tx) => cancelTimer(tx, t.timerId))).toBe(true);
    clock.advance(3_600_000);
    await new TimerPoller(db, store, clock).fireDue();
    expect(await store.readStream(t.streamId)).toHaveLength(0);
    expect(await timerStatus(db, t.timerId)).toBe('cancelled');
  });

  it('a timer scheduled in a rolled-back transaction does not exist', async () => {
    const t = timer(T0);
    await expect(
      db.transaction(async (tx) => {
        await scheduleTimer(tx, t);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(await timerStatus(db, t.timerId)).toBeNull();
  });

  it('fires pending timers after a restart (close the database, reopen, new poller on the running loop)', async () => {
    const t = timer('2026-03-02T11:00:00.000Z');
    await db.transaction((tx) => scheduleTimer(tx, t));
    await db.close();
    ({ db, store } = await where.open());
    const clock = new VirtualClock('2026-03-02T11:00:01.000Z');
    const poller = new TimerPoller(db, store, clock, { pollIntervalMs: 20 });
    poller.start();
    try {
      for (let i = 0; i < 200 && (await store.readStream(t.streamId)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await poller.stop();
    }
    expect((await store.readStream(t.streamId)).map((e) => e.id)).toEqual([t.timerId]);
  });
  it('schedules a batch of timers in one statement: each once (a batch scheduled again adds nothing), each fired when due, and its notification wakes a running poller', async () => {
    const clock = new VirtualClock(T0);
    const poller = new TimerPoller(db, store, clock, { pollIntervalMs: 20, idlePollMs: 600_000 });
    const due = [timer(T0), timer(T0)];
    const later = timer('2026-03-02T10:30:00.000Z');
    poller.start();
    try {
      // The poller's first pass finds nothing due; only the batch's notification can wake it before its idle look.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await db.transaction((tx) => scheduleTimers(tx, [...due, later]));
      await db.transaction((tx) => scheduleTimers(tx, [...due, later]));
      await waitFor(async () => (await Promise.all(due.map((t) => store.readStream(t.streamId)))).every((events) => events.length === 1), {
        message: 'both timers due now fired',
      });
      expect(await timerStatus(db, later.timerId)).toBe('pending');
      clock.set('2026-03-02T10:30:00.000Z');
      await waitFor(async () => (await store.readStream(later.streamId)).length === 1, { message: 'the later timer fired once due' });
    } finally {
      await poller.stop();
    }
    for (const t of [...due, later]) {
      expect((await store.readStream(t.streamId)).map((e) => [e.id, e.type])).toEqual([[t.timerId, 'Rang']]);
      expect(await timerStatus(db, t.timerId)).toBe('fired');
    }
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from scheduling.timers where timer_id = any($1::uuid[])', [
      [...due, later].map((t) => t.timerId),
    ]);
    expect(rows[0].n).toBe(3);
  });

  it('a running poller commits nothing while no timer is due, and wakes when one is scheduled sooner or its clock moves', async () => {
    const counting = countingCommits(db);
    const clock = new VirtualClock(T0);
    // A 20 ms interval: the poller this replaced ran a transaction 50 times a second with nothing due.
    const poller = new TimerPoller(counting.db, store, clock, { pollIntervalMs: 20 });
    const later = timer('2026-03-02T10:10:00.000Z');
    await db.transaction((tx) => scheduleTimer(tx, later));
    poller.start();
    try {
      await waitFor(() => counting.commits() > 0, { message: 'the first pass' });
      const afterFirstPass = counting.commits();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(counting.commits()).toBe(afterFirstPass);
      expect(await timerStatus(db, later.timerId)).toBe('pending');

      const now = timer(T0); // due at once: its notification wakes the poller
      await db.transaction((tx) => scheduleTimer(tx, now));
      await waitFor(async () => (await store.readStream(now.streamId)).length === 1, { message: 'the timer due now fired' });
      expect(await timerStatus(db, later.timerId)).toBe('pending');

      clock.set('2026-03-02T10:10:00.000Z');
      await waitFor(async () => (await store.readStream(later.streamId)).length === 1, { message: 'the later timer fired once due' });
    } finally {
      await poller.stop();
    }
  });
});

describe('durable timers on pg with competing pollers', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dbs: SqlDatabase[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('timers-compete');
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.close().catch(() => undefined)));
    await database.drop();
  });

  it('two pollers never fire one timer twice', async () => {
    for (let i = 0; i < 2; i++) dbs.push(await createPgDatabase(database.url));
    const stores = await Promise.all(dbs.map((d) => PostgresEventStore.create(d)));
    await migrateScheduling(dbs[0]);
    const timers = Array.from({ length: 200 }, () => timer(T0));
    await dbs[0].transaction(async (tx) => {
      for (const t of timers) await scheduleTimer(tx, t);
    });
    const clock = new VirtualClock('2026-03-02T10:00:01.000Z');
    const pollers = dbs.map((d, i) => new TimerPoller(d, stores[i], clock, { batchSize: 7 }));
    const fired = await Promise.all([...pollers, ...pollers].map((p) => p.fireDue()));
    expect(fired.reduce((a, b) => a + b, 0)).toBe(200);
    const { rows } = await dbs[0].query<{ n: string }>(
      `select count(*) as n from event_store.events where stream_id like 'timertest-%' and event_id = any($1::uuid[])`,
      [timers.map((t) => t.timerId)],
    );
    expect(Number(rows[0].n)).toBe(200);
  });
});
