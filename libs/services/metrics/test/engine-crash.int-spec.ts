import { join } from 'node:path';
import { PostgresEventStore } from '@leadline/event-store';
import { runTs, waitForExit, waitForOutput } from '@leadline/testing';
import { listVersions, rebuildMetrics, tablesOf } from '../src/engine';
import { READ_MODELS } from '../src/read-models';
import { openDatabase, openTestStore, rowCount, tableDifferences } from './engine-test-support';
import { DRIVERS } from './drivers';
import { bulkAppendHistory } from './history-append';
import { historyOf } from './history-generator';

const CHILD = join(__dirname, 'engine-crash.child.ts');

describe.each(DRIVERS)('metrics projection killed mid-batch on %s', (driver) => {
  it('after a SIGKILL inside a batch and a restart, the live tables equal a fresh rebuild row for row', async () => {
    const t = await openTestStore(driver, 'metrics-crash');
    const written = await bulkAppendHistory(t.db, historyOf({ seed: 11, leads: 300 }), { chunk: 500 });
    expect(written).toBeGreaterThan(2_500);
    // PGlite's folder belongs to one process at a time: hand it to the children.
    await t.db.close();

    const crashing = runTs(CHILD, [driver, t.location, 'crash', '4']);
    await waitForOutput(crashing, 'EFFECT_APPLIED');
    crashing.kill('SIGKILL');
    await waitForExit(crashing);
    expect(crashing.signalCode).toBe('SIGKILL');

    const restarted = runTs(CHILD, [driver, t.location, 'finish', '-1']);
    await waitForOutput(restarted, 'DRAINED', 120_000);
    expect(await waitForExit(restarted)).toBe(0);

    const db = await openDatabase(driver, t.location);
    try {
      const store = await PostgresEventStore.create(db);
      const fresh = await rebuildMetrics(db, store, READ_MODELS, { batchSize: 5_000, switchMaxLag: 0, keepRetired: 1 });
      expect(fresh).toMatchObject({ version: 2, previous: 1, events: written });
      expect((await listVersions(db)).map((v) => [v.version, v.status, v.eventsApplied])).toEqual([
        [1, 'retired', written],
        [2, 'live', written],
      ]);
      const tables = tablesOf(READ_MODELS);
      expect(await tableDifferences(db, 'metrics_v1', 'metrics_v2', tables)).toEqual({});
      for (const table of tables.slice(0, 1)) expect(await rowCount(db, `metrics.${table}`)).toBeGreaterThan(0);
    } finally {
      await db.close();
      await t.close();
    }
  });
});
