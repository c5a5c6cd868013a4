import { OFF_THE_LINE_PAGE, type RecordedEvent } from '@leadline/event-store';
import { DRIVERS, openTestStore, type TestStore } from '@leadline/event-store/testing';
import { waitFor } from '@leadline/testing';
import type { EventSubscription } from '../src/event-transport.port';
import { StoreLogTransport } from '../src/store-log.transport';

const EVENTS = 1_200;
const sum = (sizes: readonly number[]) => sizes.reduce((a, b) => a + b, 0);

describe.each(DRIVERS)('store-log transport pages on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'store-log-pages');
  });
  afterAll(() => t.close());

  it('hands a subscription off the line pages of up to 1,000 events, and one on the line pages of 100', async () => {
    // Written before either subscription starts: both read them from the log's start, a page a step.
    for (let stream = 0; stream < EVENTS / 100; stream++) {
      await t.store.appendToStream(
        `paged-${stream}`,
        Array.from({ length: 100 }, (_, n) => ({ type: 'Paged', data: { n }, metadata: {} })),
      );
    }
    const pages = { line: [] as number[], offLine: [] as number[] };
    const handled = { line: new Set<string>(), offLine: new Set<string>() };
    const subscription = (which: 'line' | 'offLine'): EventSubscription => ({
      name: `pages-${which}`,
      categories: ['paged'],
      eventTypes: ['Paged'],
      handle: () => Promise.reject(new Error('a batch subscription is handed pages')),
      handleBatch: async (events: readonly RecordedEvent[]) => {
        pages[which].push(events.length);
        for (const event of events) handled[which].add(event.id);
      },
      ...(which === 'offLine' ? { coalesceMs: 20 } : {}),
    });
    const transport = new StoreLogTransport({ db: t.db, store: t.store });
    transport.subscribe(subscription('line'));
    transport.subscribe(subscription('offLine'));
    await transport.start();
    try {
      await waitFor(() => sum(pages.line) >= EVENTS && sum(pages.offLine) >= EVENTS, {
        timeoutMs: 30_000,
        message: `${EVENTS} events handled by both subscriptions`,
      });
      expect(pages.line).toEqual(Array.from({ length: EVENTS / 100 }, () => 100));
      expect(pages.offLine).toEqual([OFF_THE_LINE_PAGE, EVENTS - OFF_THE_LINE_PAGE]);
      // Each event once, in either page size.
      expect(handled.line.size).toBe(EVENTS);
      expect(handled.offLine.size).toBe(EVENTS);
    } finally {
      await transport.stop();
    }
  });
});
