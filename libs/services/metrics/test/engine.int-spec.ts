import type { NewEvent } from '@leadline/event-store';
import { waitFor } from '@leadline/testing';
import { waitForLogHorizon } from '@leadline/event-store/testing';
import {
  applyToVersion,
  createVersion,
  listVersions,
  loadVersion,
  metricsStatus,
  MetricsRunner,
  rebuildMetrics,
  switchTo,
  versionSchema,
} from '../src/engine';
import { COUNTING_MODEL, openTestStore, rowCount, SETTINGS, tableDifferences, type TestStore } from './engine-test-support';
import { DRIVERS } from './drivers';

const MODELS = [COUNTING_MODEL];
const counted = (n: number, type = 'Counted'): NewEvent => ({ type, data: { n } });

async function appendCounted(t: TestStore, from: number, count: number, streams = 5): Promise<void> {
  for (let n = from; n < from + count; n += 10) {
    const batch = Array.from({ length: Math.min(10, from + count - n) }, (_, i) =>
      counted(n + i, (n + i) % 3 === 0 ? 'AlsoCounted' : 'Counted'),
    );
    await t.store.appendToStream(`count-${n % streams}`, batch);
  }
}

/** Events counted through the analysts' views. */
async function viewTotal(t: TestStore): Promise<number> {
  const { rows } = await t.db.query<{ n: string | null }>('select sum(n)::text as n from metrics.type_counts');
  return Number(rows[0].n ?? 0);
}

describe.each(DRIVERS)('metrics engine on %s', (driver) => {
  let t: TestStore;
  let runner: MetricsRunner | undefined;
  let afterTest: (() => void) | undefined;

  beforeEach(async () => {
    t = await openTestStore(driver, 'metrics-engine');
  });

  afterEach(async () => {
    afterTest?.();
    afterTest = undefined;
    await runner?.stop();
    runner = undefined;
    await t.close();
  });

  it('makes version 1 live on the first start: the views exist at once and fill in as it catches up', async () => {
    await appendCounted(t, 0, 40);
    await waitForLogHorizon(t.db);
    runner = new MetricsRunner(t.db, t.store, MODELS, SETTINGS);
    await runner.prepare();
    expect(await rowCount(t.db, 'metrics.type_counts')).toBe(0);
    expect((await listVersions(t.db)).map((v) => [v.version, v.status])).toEqual([[1, 'live']]);

    await runner.start();
    await waitFor(async () => (await viewTotal(t)) === 40, { message: 'live version caught up' });
    await appendCounted(t, 40, 25);
    await waitForLogHorizon(t.db);
    await waitFor(async () => (await viewTotal(t)) === 65, { message: 'new events projected' });
    expect((await loadVersion(t.db, 1))?.eventsApplied).toBe(65);
    expect(runner.runningVersions()).toEqual([1]);
  });

  it('counts an event once when its batch is delivered twice or overlaps the previous one', async () => {
    await appendCounted(t, 0, 30, 3);
    const { version } = await createVersion(t.db, MODELS);
    await waitForLogHorizon(t.db);
    const events = await t.store.readAll();
    const apply = (slice: typeof events) => t.db.transaction((tx) => applyToVersion(tx, version, MODELS, slice));

    expect(await apply(events.slice(0, 12))).toEqual({ fresh: 12, applied: true });
    expect(await apply(events.slice(0, 12))).toEqual({ fresh: 0, applied: true });
    expect(await apply(events.slice(6, 30))).toEqual({ fresh: 18, applied: true });

    const schema = versionSchema(version);
    const { rows } = await t.db.query<{ stream_id: string; n: string }>(
      `select stream_id, n::text as n from ${schema}.stream_counts order by stream_id`,
    );
    expect(rows).toEqual([
      { stream_id: 'count-0', n: '10' },
      { stream_id: 'count-1', n: '10' },
      { stream_id: 'count-2', n: '10' },
    ]);
    const total = await t.db.query<{ n: string }>(`select sum(n)::text as n from ${schema}.type_counts`);
    expect(total.rows[0].n).toBe('30');
    expect((await loadVersion(t.db, version))?.eventsApplied).toBe(30);
  });

  it('builds a version created by another process beside the live one, switches to it once caught up and retires the old', async () => {
    await appendCounted(t, 0, 200);
    await waitForLogHorizon(t.db);
    runner = new MetricsRunner(t.db, t.store, MODELS, SETTINGS);
    await runner.start();
    await waitFor(async () => (await viewTotal(t)) === 200, { message: 'v1 caught up' });

    const created = await createVersion(t.db, MODELS); // what the rebuild CLI does in its own process
    expect(created.status).toBe('building');
    await waitFor(async () => (await loadVersion(t.db, created.version))?.status === 'live', { message: 'v2 live' });
    expect((await listVersions(t.db)).map((v) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'live'],
    ]);
    await waitFor(async () => runner?.runningVersions().join() === '2', { message: 'v1 processor stopped' });
    expect(await viewTotal(t)).toBe(200);
    expect(await tableDifferences(t.db, 'metrics_v1', 'metrics_v2', COUNTING_MODEL.tables)).toEqual({});
    const { rows } = await t.db.query<{ definition: string }>(
      `select definition from pg_views where schemaname = 'metrics' and viewname = 'type_counts'`,
    );
    expect(rows[0].definition).toContain('metrics_v2.type_counts');
  });

  it('drops the schemas of retired versions beyond the ones kept, and refuses to switch to a version behind the live one', async () => {
    await appendCounted(t, 0, 20);
    const v1 = await createVersion(t.db, MODELS);
    await switchTo(t.db, v1.version);
    await waitForLogHorizon(t.db);
    const events = await t.store.readAll();
    await t.db.transaction((tx) => applyToVersion(tx, v1.version, MODELS, events));

    const v2 = await createVersion(t.db, MODELS);
    expect(await switchTo(t.db, v2.version)).toEqual({ switched: false, version: v2.version, reason: 'behind-live' });
    await t.db.transaction((tx) => applyToVersion(tx, v2.version, MODELS, events));
    expect(await switchTo(t.db, v2.version)).toEqual({ switched: true, version: 2, previous: 1, dropped: [] });

    const v3 = await createVersion(t.db, MODELS);
    await t.db.transaction((tx) => applyToVersion(tx, v3.version, MODELS, events));
    expect(await switchTo(t.db, v3.version, { keepRetired: 1 })).toEqual({ switched: true, version: 3, previous: 2, dropped: [1] });

    const { rows } = await t.db.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname like 'metrics_v%' order by nspname`,
    );
    expect(rows.map((r) => r.nspname)).toEqual(['metrics_v2', 'metrics_v3']);
    const versions = await listVersions(t.db);
    expect(versions.map((v) => [v.version, v.status, v.droppedAt !== null])).toEqual([
      [1, 'retired', true],
      [2, 'retired', false],
      [3, 'live', false],
    ]);
    expect(await viewTotal(t)).toBe(20);
    // A switch back to the kept version is possible (it lags: the caller accepts that explicitly).
    expect(await switchTo(t.db, 2, { requireCaughtUp: false })).toMatchObject({ switched: true, previous: 3 });
  });

  it('never lets a reader see an empty table or a smaller count while a rebuild runs and switches under load', async () => {
    await appendCounted(t, 0, 1_500, 20);
    await waitForLogHorizon(t.db);
    runner = new MetricsRunner(t.db, t.store, MODELS, { ...SETTINGS, switchMaxLag: 200 });
    await runner.start();
    await waitFor(async () => (await viewTotal(t)) === 1_500, { message: 'v1 caught up', timeoutMs: 60_000 });

    const seen: number[] = [];
    const problems: string[] = [];
    let reading = true;
    afterTest = () => (reading = false);
    const reader = (async () => {
      while (reading) {
        try {
          const total = await viewTotal(t);
          if (total === 0 || total < (seen.at(-1) ?? 0)) problems.push(`read ${total} after ${seen.at(-1)}`);
          seen.push(total);
        } catch (error) {
          problems.push(String(error));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // A steady trickle of appends (a few hundred events a second) while the rebuild runs.
    let writing = true;
    const writer = (async () => {
      for (let n = 1_500; writing; n += 10) {
        await appendCounted(t, n, 10, 20);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const result = await runner.rebuild();
      expect(result.version).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      writing = false;
      await writer;
    }
    await waitForLogHorizon(t.db);
    const written = (await t.store.readAll({ maxCount: 1_000_000 })).length;
    await waitFor(async () => (await viewTotal(t)) === written, { message: 'v2 caught up with the writer', timeoutMs: 60_000 });
    reading = false;
    await reader;

    expect(problems).toEqual([]);
    expect(seen.length).toBeGreaterThan(10);
    expect((await listVersions(t.db)).map((v) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'live'],
    ]);
  });

  it('rebuilds in another processor (the CLI path) beside a running service, and both agree row for row', async () => {
    await appendCounted(t, 0, 600, 7);
    await waitForLogHorizon(t.db);
    runner = new MetricsRunner(t.db, t.store, MODELS, SETTINGS);
    await runner.start();
    // The service's version must have every event before the rebuild's switch retires it: a retired
    // version's processor stops where it stood, and a version retired behind would differ by what it missed.
    await waitFor(async () => (await loadVersion(t.db, 1))?.eventsApplied === 600, { message: 'v1 caught up' });
    const progress: number[] = [];
    const result = await rebuildMetrics(t.db, t.store, MODELS, {
      batchSize: 100,
      switchMaxLag: 0,
      keepRetired: 2,
      onProgress: (p) => progress.push(p.applied),
    });
    expect(result).toMatchObject({ version: 2, events: 600 });
    expect(progress.at(-1)).toBe(600);
    await waitFor(async () => (await loadVersion(t.db, 1))?.status === 'retired', { message: 'v1 retired' });
    await waitFor(async () => (await viewTotal(t)) === 600, { message: 'views on v2' });
    expect(await tableDifferences(t.db, 'metrics_v1', 'metrics_v2', COUNTING_MODEL.tables)).toEqual({});
  });

  it('reports every version with its checkpoint and how many events it is behind the log', async () => {
    await appendCounted(t, 0, 50);
    const v1 = await createVersion(t.db, MODELS);
    await switchTo(t.db, v1.version);
    await waitForLogHorizon(t.db);
    const events = await t.store.readAll();
    await t.db.transaction((tx) => applyToVersion(tx, v1.version, MODELS, events.slice(0, 30)));
    const status = await metricsStatus(t.db);
    expect(status.live).toBe(1);
    expect(status.logEvents).toBe(50);
    expect(status.versions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'live',
        eventsApplied: 30,
        eventsBehind: 20,
        checkpoint: { transactionId: events[29].transactionId, position: events[29].globalPosition },
      }),
    ]);
  });
});
