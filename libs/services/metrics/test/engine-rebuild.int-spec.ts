import { waitFor } from '@leadline/testing';
import { eventsAfter, listVersions, loadVersion, MetricsRunner, tablesOf } from '../src/engine';
import { READ_MODELS } from '../src/read-models';
import { openTestStore, rowCount, SETTINGS, tableDifferences, type Driver } from './engine-test-support';
import { appendHistory } from './history-append';
import { historyOf } from './history-generator';

// Thousands of leads on a server; fewer on PGlite, whose single connection makes appends slower.
const CASES: readonly [Driver, number][] = [
  ['pg', 2_500],
  ['pglite', 700],
];

describe.each(CASES)('rebuilt metrics versus live on %s', (driver, leads) => {
  it(`equal the live tables row for row after a randomised history of ${leads} leads appended while the live projection ran`, async () => {
    const t = await openTestStore(driver, 'metrics-rebuild');
    // Small live batches, cut wherever the appends happen to be; the rebuild reads 5,000 at a time.
    const runner = new MetricsRunner(t.db, t.store, READ_MODELS, { ...SETTINGS, liveBatchSize: 50, rebuildBatchSize: 5_000 });
    try {
      await runner.start();
      const written = await appendHistory(t.store, historyOf({ seed: 20_251_123, leads, wave: 1_000 }), { concurrency: driver === 'pg' ? 4 : 1 });
      expect(written).toBeGreaterThan(leads * 10);
      await waitFor(async () => {
        const live = await loadVersion(t.db, 1);
        return live !== undefined && (await eventsAfter(t.db, live.checkpoint)) === 0;
      }, { message: 'live version caught up', timeoutMs: 120_000 });

      const rebuilt = await runner.rebuild();
      expect(rebuilt).toMatchObject({ version: 2, previous: 1, events: written });
      expect((await listVersions(t.db)).map((v) => [v.version, v.status, v.eventsApplied])).toEqual([
        [1, 'retired', written],
        [2, 'live', written],
      ]);
      const tables = tablesOf(READ_MODELS);
      expect(await tableDifferences(t.db, 'metrics_v1', 'metrics_v2', tables)).toEqual({});
      const empty: string[] = [];
      for (const table of tables) if ((await rowCount(t.db, `metrics.${table}`)) === 0) empty.push(table);
      expect(empty).toEqual([]);
    } finally {
      await runner.stop();
      await t.close();
    }
  });
});
