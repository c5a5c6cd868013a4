import { DRIVERS, openTestStore, type TestStore } from './test-store';
import { Processor } from '../src/processor/processor';
import { oldestUnhandledSeconds, processorLag } from '../src/processor/processor-lag';

describe.each(DRIVERS)('processor lag on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'lag');
  });
  afterAll(() => t.close());

  const append = (category: string, type: string, n: number) =>
    t.store.appendToStream(
      `${category}-${Math.random().toString(36).slice(2)}`,
      Array.from({ length: n }, () => ({ type, data: {}, metadata: {} })),
    );

  it('counts only the events of its categories and types after its checkpoint, and their age; none once handled', async () => {
    const handled: string[] = [];
    const processor = new Processor(t.db, t.store, {
      id: 'lag-watched',
      categories: ['watched'],
      eventTypes: ['Wanted'],
      pollIntervalMs: 10,
      handle: async (events) => void handled.push(...events.map((e) => e.type)),
    });
    const filter = processor.filter;
    // Never started: no checkpoint row yet, it starts from the log start.
    expect(await processorLag(t.db, 'lag-watched', filter)).toMatchObject({ events: 0, seconds: 0, head: null });

    await append('watched', 'Wanted', 3);
    await append('watched', 'Unwanted', 2);
    await append('other', 'Wanted', 4);
    const behind = await processorLag(t.db, 'lag-watched', filter);
    expect(behind).toMatchObject({ processorId: 'lag-watched', events: 3, checkpoint: { transactionId: 0n, position: 0n } });
    expect(behind.seconds).toBeGreaterThan(0);
    expect(behind.head).not.toBeNull();
    expect(Processor.startedOn(t.db)).not.toContain(processor);

    await processor.start();
    try {
      expect(Processor.startedOn(t.db)).toContain(processor);
      await processor.waitForIdle();
      expect(handled).toEqual(['Wanted', 'Wanted', 'Wanted']);
      const caughtUp = await processorLag(t.db, 'lag-watched', filter);
      expect(caughtUp).toMatchObject({ events: 0, seconds: 0, head: behind.head });
    } finally {
      await processor.stop();
    }
    expect(Processor.startedOn(t.db)).not.toContain(processor);
  });

  it('gives the age of the oldest event any of several processors has yet to handle, in one statement; 0 once all handled', async () => {
    const processor = (id: string, category: string) =>
      new Processor(t.db, t.store, { id, categories: [category], pollIntervalMs: 10, handle: async () => undefined });
    const quick = processor('oldest-quick', 'oldest-q');
    const slow = processor('oldest-slow', 'oldest-s');
    const watched = [quick, slow].map((p) => ({ id: p.id, filter: p.filter }));
    expect(await oldestUnhandledSeconds(t.db, [])).toBe(0);
    expect(await oldestUnhandledSeconds(t.db, watched)).toBe(0);

    await append('oldest-s', 'Waiting', 2);
    await append('oldest-q', 'Waiting', 1);
    const slowLag = await processorLag(t.db, slow.id, slow.filter);
    const oldest = await oldestUnhandledSeconds(t.db, watched);
    expect(oldest).toBeGreaterThanOrEqual(slowLag.seconds);

    await quick.start();
    try {
      await quick.waitForIdle();
      // The quick one caught up; the slow one (never started) still has its two.
      expect(await oldestUnhandledSeconds(t.db, [watched[0]])).toBe(0);
      expect(await oldestUnhandledSeconds(t.db, watched)).toBeGreaterThanOrEqual(oldest);
      await slow.start();
      await slow.waitForIdle();
      expect(await oldestUnhandledSeconds(t.db, watched)).toBe(0);
    } finally {
      await quick.stop();
      await slow.stop();
    }
  });
});
