import { Processor, type PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { migrateMetricsMeta } from './metrics-schema';
import { eventsAfter, logEventCount } from './metrics-status';
import type { ReadModel } from './read-model';
import { ReadAheadLog } from './read-ahead-log';
import { versionProcessor } from './version-projection';
import { switchTo, type SwitchResult } from './version-switch';
import { createVersion, listVersions, loadVersion, type MetricsVersion } from './versions';

export interface RebuildProgress {
  readonly version: number;
  /** Log events applied to the new version so far. */
  readonly applied: number;
  /** Events in the log (counted at the start, recounted now and then). */
  readonly total: number;
  readonly elapsedMs: number;
}

export interface RebuildResult {
  readonly version: number;
  /** The version it replaced, if any. */
  readonly previous: number | null;
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

export interface WaitOptions {
  /** Switch once at most this many committed events are left to apply (and it is not behind live). */
  readonly switchMaxLag: number;
  readonly keepRetired: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly checkEveryMs?: number;
  readonly signal?: AbortSignal;
}

const RECOUNT_MS = 5_000;

/**
 * Waits while a building version catches up with the log, reporting progress, then switches to
 * it. Another process (a running service's MetricsRunner) may be the one applying the events or
 * switching: the version's row is the truth either way. Rejects when the version is retired instead.
 */
export async function waitUntilLive(db: SqlDatabase, version: number, options: WaitOptions): Promise<RebuildResult> {
  const started = Date.now();
  let total = await logEventCount(db);
  let countedAt = Date.now();
  let previous: number | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const current = await loadVersion(db, version);
    if (!current) throw new Error(`Metrics version ${version} does not exist`);
    if (Date.now() - countedAt >= RECOUNT_MS) [total, countedAt] = [await logEventCount(db), Date.now()];
    options.onProgress?.({
      version,
      applied: current.eventsApplied,
      total: Math.max(total, current.eventsApplied),
      elapsedMs: Date.now() - started,
    });
    if (current.status === 'live') return result(version, previous ?? (await replacedBy(db, current)), current.eventsApplied, started);
    if (current.status === 'retired')
      throw new Error(`Metrics version ${version} was retired before it went live (a newer version was switched to)`);
    if ((await eventsAfter(db, current.checkpoint, options.switchMaxLag)) <= options.switchMaxLag) {
      const switched: SwitchResult = await switchTo(db, version, { keepRetired: options.keepRetired, requireCaughtUp: true });
      if (switched.switched) previous = switched.previous;
      if (switched.switched || switched.reason === 'already-live') continue;
    }
    await new Promise((resolve) => setTimeout(resolve, options.checkEveryMs ?? 200));
  }
}

/** The version a switch retired (same transaction, so the same now()), when another process switched. */
async function replacedBy(db: SqlDatabase, live: MetricsVersion): Promise<number | null> {
  if (!live.switchedAt) return null;
  const versions = await listVersions(db);
  // Building versions abandoned by the same switch were never live (no switched_at).
  const replaced = versions.filter(
    (v) => v.version !== live.version && v.switchedAt !== null && v.retiredAt?.getTime() === live.switchedAt?.getTime(),
  );
  return replaced.length > 0 ? Math.max(...replaced.map((v) => v.version)) : null;
}

function result(version: number, previous: number | null, events: number, started: number): RebuildResult {
  const elapsedMs = Date.now() - started;
  return { version, previous, events, elapsedMs, eventsPerSecond: elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events };
}

export interface RebuildOptions extends WaitOptions {
  readonly batchSize: number;
  /** Rebuild just these read models (by name); the others are copied from the live version. Default: every model. */
  readonly only?: readonly string[];
}

/**
 * A new version of every model, projected from position zero by a processor in this process, then
 * switched to atomically: what `npm run metrics:rebuild` runs. A running service on the same server
 * notices the building version and stands by for its processor (advisory lock); if this process
 * dies, the service finishes the build and switches.
 */
export async function rebuildMetrics(
  db: SqlDatabase,
  store: PostgresEventStore,
  models: readonly ReadModel[],
  options: RebuildOptions,
): Promise<RebuildResult> {
  await migrateMetricsMeta(db);
  const created = await createVersion(db, models, { only: options.only });
  const log = db.driver === 'pg' ? new ReadAheadLog(store).asStore() : store;
  const processor = new Processor(
    db,
    log,
    versionProcessor(created.version, models, { batchSize: options.batchSize, pollIntervalMs: 50, lockRetryMs: 250 }),
  );
  await processor.start();
  try {
    return await waitUntilLive(db, created.version, options);
  } finally {
    await processor.stop();
  }
}
