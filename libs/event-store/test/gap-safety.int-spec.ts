import { setTimeout as sleep } from 'node:timers/promises';
import { DRIVERS, openTestStore, type TestStore } from './test-store';
import type { RecordedEvent } from '../src/event.types';
import { Processor } from '../src/processor/processor';

const WRITERS = 8;
const TRANSACTIONS_PER_WRITER = 25;

describe.each(DRIVERS)('global log gap safety on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'gaps');
  });
  afterAll(() => t.close());

  it('delivers every event exactly once, each stream in order, while slow transactions commit after later ones', async () => {
    const received: RecordedEvent[] = [];
    const tail = new Processor(t.db, t.store, {
      id: 'gap-tail',
      categories: ['gap'],
      batchSize: 7,
      pollIntervalMs: 5,
      handle: async (events) => void received.push(...events),
    });
    await tail.start();

    // Writers 0, 3 and 6 hold some transactions open after their insert, so positions taken
    // earlier commit later: a reader going by position alone would pass over them.
    const writer = async (w: number) => {
      for (let i = 0; i < TRANSACTIONS_PER_WRITER; i++) {
        await t.db.transaction(async (tx) => {
          await t.store.inTransaction(tx).appendToStream(`gap-${w}-${i % 3}`, [
            { type: 'GapTested', data: { w, i, part: 0 } },
            { type: 'GapTested', data: { w, i, part: 1 } },
          ]);
          if (w % 3 === 0 && i % 4 === 0) await sleep(20 + ((w * 37 + i * 11) % 60));
        });
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await tail.waitForIdle(30_000);
    await tail.stop();

    const total = WRITERS * TRANSACTIONS_PER_WRITER * 2;
    expect(new Set(received.map((e) => e.id)).size).toBe(total);
    expect(received).toHaveLength(total);
    const byStream = new Map<string, number[]>();
    for (const e of received) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
    expect(byStream.size).toBe(WRITERS * 3);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
  });
});
