import { DRIVERS, openTestStore, type TestStore } from './test-store';
import { Processor } from '../src/processor/processor';
import { processorLag } from '../src/processor/processor-lag';

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
});
