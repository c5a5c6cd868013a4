import { createTestDatabase, waitFor } from '@leadline/testing';
import { countingCommits, DRIVERS, openTestStore, type TestStore } from './test-store';
import { createPgDatabase } from '../src/drivers/pg.database';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { OFF_THE_LINE_PAGE, Processor } from '../src/processor/processor';
import type { RecordedEvent } from '../src/event.types';
import type { SqlDatabase } from '../src/sql.port';

/** What a processor sent outside transactions and sessions: log reads, separate held-back looks, checkpoint stores. */
interface StatementCounts {
  reads: number;
  looks: number;
  stores: number;
}

function countingStatements(db: SqlDatabase): { readonly db: SqlDatabase; readonly counts: StatementCounts } {
  const counts: StatementCounts = { reads: 0, looks: 0, stores: 0 };
  const counting: SqlDatabase = {
    driver: db.driver,
    query: (text, params) => {
      if (/as horizon\) h/.test(text)) counts.reads += 1;
      else if (/select 1 as found/.test(text)) counts.looks += 1;
      else if (/^\s*update \S+checkpoints/.test(text)) counts.stores += 1;
      return db.query(text, params);
    },
    transaction: (fn) => db.transaction(fn),
    session: () => db.session(),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
  return { db: counting, counts };
}

describe.each(DRIVERS)('processor on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'proc');
    await t.db.query('create table lead_counts (lead_id text primary key, events integer not null)');
  });
  afterAll(() => t.close());

  const countingProcessor = () =>
    new Processor(t.db, t.store, {
      id: 'lead-counts',
      categories: ['counted'],
      pollIntervalMs: 10,
      handle: async (events, { tx }) => {
        for (const e of events) {
          await tx.query(`insert into lead_counts values ($1, 1) on conflict (lead_id) do update set events = lead_counts.events + 1`, [
            e.metadata.leadId,
          ]);
        }
      },
      onReset: async (tx) => void (await tx.query('delete from lead_counts')),
    });

  const counts = async () =>
    (await t.db.query<{ lead_id: string; events: number }>('select lead_id, events from lead_counts order by lead_id')).rows;

  it('resumes from its checkpoint after a stop, and a reset rebuilds the same result from position zero', async () => {
    const append = (lead: string, n: number) =>
      t.store.appendToStream(
        `counted-${lead}`,
        Array.from({ length: n }, () => ({ type: 'Counted', data: {}, metadata: { leadId: lead } })),
      );
    await append('a', 3);
    await append('b', 2);
    const first = countingProcessor();
    await first.start();
    await first.waitForIdle();
    await first.stop();
    expect(await counts()).toEqual([
      { lead_id: 'a', events: 3 },
      { lead_id: 'b', events: 2 },
    ]);

    await append('a', 1);
    await append('c', 4);
    const second = countingProcessor();
    await second.start();
    await second.waitForIdle();
    const live = await counts();
    expect(live).toEqual([
      { lead_id: 'a', events: 4 },
      { lead_id: 'b', events: 2 },
      { lead_id: 'c', events: 4 },
    ]);

    await second.reset();
    await second.waitForIdle();
    await second.stop();
    expect(await counts()).toEqual(live);
  });
});

describe.each(DRIVERS)('reads that only pass other events on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'skips');
  });
  afterAll(() => t.close());

  it('are not repeated: the page was not full, so nothing more is below the horizon (one statement, no separate look)', async () => {
    const counting = countingStatements(t.db);
    const store = await PostgresEventStore.create(counting.db, { migrate: false });
    const processor = new Processor(counting.db, store, { id: 'skipping', categories: ['mine'], handle: async () => undefined });
    await processor.start();
    try {
      await processor.waitForIdle();
      for (let i = 0; i < 5; i++) await t.store.appendToStream(`theirs-${i}`, [{ type: 'Theirs', data: {} }]);
      const before = { ...counting.counts };
      await processor.waitForIdle(); // a read that passes the five: the checkpoint moves (in memory), nothing handled
      expect(counting.counts.reads - before.reads).toBe(1);
      expect(counting.counts.looks - before.looks).toBe(0);
      expect(processor.status().checkpoint).not.toEqual({ transactionId: 0n, position: 0n });
    } finally {
      await processor.stop();
    }
  });
});

describe.each(DRIVERS)('an at-least-once processor with checkpointEveryMs on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'deferred');
  });
  afterAll(() => t.close());

  const storedPosition = async (id: string) =>
    (await t.db.query<{ position: string }>(`select position::text as position from event_store.checkpoints where processor_id = $1`, [id]))
      .rows[0]?.position;

  it('moves its checkpoint in memory within the window, stores it before waitForIdle resolves and on stop, and a restart handles nothing again', async () => {
    const counting = countingStatements(t.db);
    const store = await PostgresEventStore.create(counting.db, { migrate: false });
    const handled: string[] = [];
    const deferred = () =>
      new Processor(counting.db, store, {
        id: 'deferred',
        categories: ['deferred'],
        mode: 'at-least-once',
        checkpointEveryMs: 600_000,
        handle: async (events) => void handled.push(...events.map((e) => e.id)),
      });
    const append = async (n: number) => (await t.store.appendToStream(`deferred-${n}`, [{ type: 'Sent', data: { n } }])).events[0];

    const first = deferred();
    const restarted = deferred();
    try {
      await first.start();
      await first.waitForIdle();
      const initial = await storedPosition('deferred');
      const e1 = await append(1);
      await waitFor(() => handled.length === 1, { message: 'e1 handled' });
      const e2 = await append(2);
      await waitFor(() => handled.length === 2, { message: 'e2 handled' });
      expect(await storedPosition('deferred')).toBe(initial);
      expect(counting.counts.stores).toBe(0);
      expect(first.status().checkpoint).toEqual({ transactionId: e2.transactionId, position: e2.globalPosition });

      await first.waitForIdle();
      expect(await storedPosition('deferred')).toBe(String(e2.globalPosition));
      const e3 = await append(3);
      await waitFor(() => handled.length === 3, { message: 'e3 handled' });
      expect(await storedPosition('deferred')).toBe(String(e2.globalPosition));
      await first.stop();
      expect(await storedPosition('deferred')).toBe(String(e3.globalPosition));
      expect(counting.counts.stores).toBe(2);

      await restarted.start();
      await restarted.waitForIdle();
      await restarted.stop();
      expect(handled).toEqual([e1.id, e2.id, e3.id]);
    } finally {
      await first.stop();
      await restarted.stop();
    }
  });

  it('stores a checkpoint that falls due while idle, without reading the log again', async () => {
    const counting = countingStatements(t.db);
    const store = await PostgresEventStore.create(counting.db, { migrate: false });
    const handled: string[] = [];
    const processor = new Processor(counting.db, store, {
      id: 'due',
      categories: ['due'],
      mode: 'at-least-once',
      checkpointEveryMs: 300,
      handle: async (events) => void handled.push(...events.map((e) => e.id)),
    });
    await processor.start();
    try {
      await processor.waitForIdle();
      const appended = (await t.store.appendToStream('due-1', [{ type: 'Sent', data: {} }])).events[0];
      await waitFor(() => handled.length === 1, { message: 'the event handled' });
      const { reads, stores } = counting.counts;
      await waitFor(async () => (await storedPosition('due')) === String(appended.globalPosition), {
        timeoutMs: 10_000,
        message: 'the checkpoint stored once due',
      });
      expect(counting.counts.reads).toBe(reads);
      expect(counting.counts.stores).toBe(stores + 1);
    } finally {
      await processor.stop();
    }
  });
});

describe('processor takeover on pg', () => {
  it('a standby instance takes over when the active one loses its connection, without doubling an effect', async () => {
    const database = await createTestDatabase('takeover');
    const dbA = await createPgDatabase(database.url, { applicationName: 'instance-a' });
    const dbB = await createPgDatabase(database.url, { applicationName: 'instance-b' });
    const storeA = await PostgresEventStore.create(dbA);
    const storeB = await PostgresEventStore.create(dbB);
    await dbA.query('create table effects (event_id uuid primary key, applied_by text not null)');
    const processor = (db: typeof dbA, store: PostgresEventStore, name: string) =>
      new Processor(db, store, {
        id: 'effects',
        pollIntervalMs: 10,
        lockRetryMs: 50,
        handle: async (events, { tx }) => {
          for (const e of events) await tx.query('insert into effects values ($1, $2)', [e.id, name]);
        },
      });
    const a = processor(dbA, storeA, 'a');
    const b = processor(dbB, storeB, 'b');
    await a.start();
    await waitFor(() => a.status().active, { timeoutMs: 10_000, message: 'instance a never became active' });
    await b.start();

    for (let i = 0; i < 20; i++) await storeA.appendToStream(`work-${i % 5}`, [{ type: 'Work', data: { i } }]);
    await a.waitForIdle();
    expect(b.status().active).toBe(false);

    // Instance a "dies": the server drops every connection it had, its advisory lock with them.
    await dbB.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'instance-a'`);
    await a.stop();
    await waitFor(() => b.status().active, { timeoutMs: 15_000, message: 'instance b never took over' });
    for (let i = 20; i < 40; i++) await storeB.appendToStream(`work-${i % 5}`, [{ type: 'Work', data: { i } }]);
    await b.waitForIdle();

    const { rows } = await dbB.query<{ applied_by: string; n: string }>(
      'select applied_by, count(*)::text as n from effects group by applied_by order by applied_by',
    );
    expect(rows).toEqual([
      { applied_by: 'a', n: '20' },
      { applied_by: 'b', n: '20' },
    ]);
    await b.stop();
    await Promise.all([dbA.close().catch(() => undefined), dbB.close()]);
    await database.drop();
  });
});

describe('processor behind an open older transaction on pg', () => {
  it('is not idle while a newer commit waits above the horizon, and gets it once the older transaction ends', async () => {
    const database = await createTestDatabase('horizon');
    const db = await createPgDatabase(database.url);
    const counting = countingStatements(db);
    const store = await PostgresEventStore.create(counting.db);
    const seen: string[] = [];
    const processor = new Processor(counting.db, store, {
      id: 'horizon',
      pollIntervalMs: 20,
      handle: async (events) => void seen.push(...events.map((e) => e.id)),
    });

    const blocker = await db.session();
    await blocker.query('begin');
    await blocker.query('select pg_current_xact_id()'); // an xid older than the append below
    const appended = await store.appendToStream('horizon-1', [{ type: 'Held', data: {} }]);
    await processor.start();

    await expect(processor.waitForIdle(600)).rejects.toThrow(/not idle/);
    expect(seen).toEqual([]);
    // It looked again and again, each look one statement: the read answers whether events wait above its horizon.
    expect(counting.counts.reads).toBeGreaterThan(2);
    expect(counting.counts.looks).toBe(0);

    await blocker.query('commit');
    await blocker.release();
    await processor.waitForIdle(10_000);
    expect(seen).toEqual([appended.events[0].id]);
    await processor.stop();
    await db.close();
    await database.drop();
  });

  it('looks again soon, not after pollIntervalMs, once an older transaction that appends nothing of its own ends', async () => {
    const database = await createTestDatabase('horizon-soon');
    const db = await createPgDatabase(database.url);
    const store = await PostgresEventStore.create(db);
    const seen: string[] = [];
    const processor = new Processor(db, store, {
      id: 'horizon-soon',
      categories: ['soon'],
      pollIntervalMs: 60_000,
      handle: async (events) => void seen.push(...events.map((e) => e.id)),
    });
    await processor.start();

    // Another service's transaction: it takes an xid before the append and commits without notifying 'soon'.
    const blocker = await db.session();
    await blocker.query('begin');
    await blocker.query('select pg_current_xact_id()');
    const appended = await store.appendToStream('soon-1', [{ type: 'Held', data: {} }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);

    await blocker.query('commit');
    await blocker.release();
    const committed = Date.now();
    await waitFor(() => seen.length === 1, { timeoutMs: 10_000, intervalMs: 5, message: 'the held-back event' });
    // A flat pollIntervalMs would have waited up to 60 s; the backoff's next look is due within ~0.3 s.
    expect(Date.now() - committed).toBeLessThan(5_000);
    expect(seen).toEqual([appended.events[0].id]);
    await processor.stop();
    await db.close();
    await database.drop();
  });
});

describe.each(DRIVERS)('an idle processor on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'idle');
  });
  afterAll(() => t.close());

  it('commits nothing and leaves its checkpoint row alone while nothing of its categories and event types is appended, and wakes for one that is', async () => {
    const counting = countingCommits(t.db);
    const store = await PostgresEventStore.create(counting.db, { migrate: false });
    const handled: string[] = [];
    // A 10 ms poll interval: the processor this replaced read the log 100 times a second while idle.
    const processor = new Processor(counting.db, store, {
      id: 'quiet',
      categories: ['quiet'],
      eventTypes: ['Said'],
      pollIntervalMs: 10,
      handle: async (events) => void handled.push(...events.map((e) => e.id)),
    });
    const append = (category: string, type = 'Said') => t.store.appendToStream(`${category}-${handled.length}`, [{ type, data: {} }]);
    const checkpointRow = async () =>
      (await t.db.query<{ xmin: string }>(`select xmin::text as xmin from event_store.checkpoints where processor_id = 'quiet'`)).rows[0]
        ?.xmin;

    await append('quiet');
    await processor.start();
    try {
      await processor.waitForIdle();
      expect(handled).toHaveLength(1);
      const commitsIdle = counting.commits();
      const rowIdle = await checkpointRow();
      await append('other'); // another processor's category: no reason to look
      await append('quiet', 'Whispered'); // its category, a type it does not read: no reason either
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(counting.commits() - commitsIdle).toBe(0);
      expect(await checkpointRow()).toBe(rowIdle);

      await append('quiet');
      await waitFor(() => handled.length === 2, { message: 'the quiet event handled after its notification' });
      expect(await checkpointRow()).not.toBe(rowIdle);
    } finally {
      await processor.stop();
    }
  });
});

describe.each(DRIVERS)('a coalescing processor on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'coalesce');
  });
  afterAll(() => t.close());

  const gathering = (id: string, coalesceMs: number, batches: string[][]) =>
    new Processor(t.db, t.store, {
      id,
      categories: [id],
      coalesceMs,
      handle: async (events) => void batches.push(events.map((e) => e.id)),
    });

  it('holds a notification back for its window, then handles the events notified meanwhile, in log order', async () => {
    const batches: string[][] = [];
    const processor = gathering('gathered', 100, batches);
    await processor.start();
    try {
      await processor.waitForIdle();
      const appended: RecordedEvent[] = [];
      for (let i = 0; i < 3; i++) appended.push(...(await t.store.appendToStream(`gathered-${i}`, [{ type: 'Said', data: { i } }])).events);
      await waitFor(() => batches.flat().length === 3, { message: 'the three notified events handled' });
      expect(batches.flat()).toEqual(appended.map((e) => e.id));
    } finally {
      await processor.stop();
    }
  });

  it('answers waitForIdle at once, whatever its window, with every event committed before it in one delivery', async () => {
    const batches: string[][] = [];
    const processor = gathering('patient', 600_000, batches);
    await processor.start();
    try {
      await processor.waitForIdle();
      const appended: RecordedEvent[] = [];
      for (let i = 0; i < 3; i++) appended.push(...(await t.store.appendToStream(`patient-${i}`, [{ type: 'Said', data: { i } }])).events);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(batches).toEqual([]); // notified, held back for the (ten-minute) window
      await processor.waitForIdle();
      expect(batches).toEqual([appended.map((e) => e.id)]);
    } finally {
      await processor.stop(); // and its held-back wake with it: nothing keeps the test process alive
    }
  });

  it('reads pages of up to 1,000 events where a reader on the line reads 100, unless told its page', async () => {
    // 1,200 events written before the readers start: each reads them from the log's start, a page a step.
    for (let stream = 0; stream < 12; stream++) {
      await t.store.appendToStream(
        `paging-${stream}`,
        Array.from({ length: 100 }, (_, n) => ({ type: 'Said', data: { n } })),
      );
    }
    const reader = (id: string, options: { coalesceMs?: number; batchSize?: number }, pages: number[]) =>
      new Processor(t.db, t.store, { id, categories: ['paging'], ...options, handle: async (events) => void pages.push(events.length) });
    const pages = { line: [] as number[], offLine: [] as number[], told: [] as number[] };
    const readers = [
      reader('paging-line', {}, pages.line),
      reader('paging-off-line', { coalesceMs: 20 }, pages.offLine),
      reader('paging-told', { coalesceMs: 20, batchSize: 500 }, pages.told),
    ];
    for (const r of readers) await r.start();
    try {
      for (const r of readers) await r.waitForIdle();
      expect(pages.line).toEqual(Array.from({ length: 12 }, () => 100));
      expect(pages.offLine).toEqual([OFF_THE_LINE_PAGE, 200]);
      expect(pages.told).toEqual([500, 500, 200]);
    } finally {
      for (const r of readers) await r.stop();
    }
  });
});
