import type { SqlExecutor } from '../src';
import { DRIVERS, fillSyntheticLog, openTestStore, type TestStore } from './test-store';
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

  describe('on a filled log, with the generic plan a named statement turns to', () => {
    let filled: TestStore;
    beforeAll(async () => {
      filled = await openTestStore(driver, 'lag-filled');
      // 2,000 leads, 11,000 events (lead, enrichment, score, assignment, roster, customer); no checkpoints.
      await fillSyntheticLog(filled.db, 2_000);
    });
    afterAll(() => filled?.close());

    /** The statement oldestUnhandledSeconds sends, prepared and explained with a generic plan (as after five runs). */
    async function genericPlan(processors: Parameters<typeof oldestUnhandledSeconds>[1]): Promise<string> {
      let sent: { sql: string; params: readonly unknown[] } | undefined;
      const capturing: SqlExecutor = {
        query: (sql, params) => {
          sent = { sql, params: params ?? [] };
          return filled.db.query(sql, params);
        },
      } as SqlExecutor;
      await oldestUnhandledSeconds(capturing, processors);
      const quote = (v: unknown) => `'${String(v).replace(/'/g, "''")}'`;
      const literal = (v: unknown) => (Array.isArray(v) ? `array[${v.map(quote).join(', ')}]::text[]` : quote(v));
      return filled.db.transaction(async (tx) => {
        await tx.query(`prepare lag_probe as ${sent!.sql}`);
        await tx.query('set local plan_cache_mode = force_generic_plan');
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
          `explain (costs off) execute lag_probe(${sent!.params.map(literal).join(', ')})`,
        );
        await tx.query('deallocate lag_probe');
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    }

    it("probes each of a processor's categories and types through the filter index, never walking the log for a match", async () => {
      // Renewal windows never come on this log, and neither processor has a checkpoint: a walk from the log start
      // for the first match would read all 11,000 events on every sample.
      const renewals = { id: 'lag-renewals', filter: { categories: ['customer'], eventTypes: ['RenewalWindowOpened'] } };
      const overview = {
        id: 'lag-overview',
        filter: { categories: ['enrichment', 'score', 'assignment'], eventTypes: ['LeadEnriched', 'LeadScored', 'LeadAssigned'] },
      };
      expect(await oldestUnhandledSeconds(filled.db, [renewals])).toBe(0);
      expect(await oldestUnhandledSeconds(filled.db, [renewals, overview])).toBeGreaterThan(0);

      const plan = await genericPlan([renewals, overview]);
      expect(plan).not.toMatch(/Seq Scan on events|events_log_idx/);
      // One probe per pair: 1 for the renewals, 3 × 3 for the overview.
      expect(plan.match(/Index (?:Only )?Scan using events_filter_log_idx/g)).toHaveLength(10);
    });
  });
});
