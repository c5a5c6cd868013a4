import { Processor, type PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { lockVersions, migrateMetricsMeta, VERSIONS_CHANNEL } from './metrics-schema';
import { eventsAfter, metricsStatus, type MetricsStatus } from './metrics-status';
import type { ReadModel } from './read-model';
import { checkReadModels, fingerprintOf } from './read-model-set';
import { ReadAheadLog } from './read-ahead-log';
import { waitUntilLive, type RebuildProgress, type RebuildResult } from './rebuild';
import { versionProcessor } from './version-projection';
import { switchLocked, switchTo, type SwitchResult } from './version-switch';
import { createVersion, insertVersion, listVersions, loadVersion, type MetricsVersion } from './versions';

export interface MetricsRunnerSettings {
  /** Events per transaction for the live version. */
  readonly liveBatchSize: number;
  /** Events per transaction while a version is building from position zero. */
  readonly rebuildBatchSize: number;
  /** How often to look for versions created or switched by another process (a notification usually comes first). */
  readonly versionPollMs: number;
  readonly keepRetired: number;
  /** A building version is switched to once at most this many events are left (and it is not behind live). */
  readonly switchMaxLag: number;
  /** Build a new version when no live or building one matches the code's read models. */
  readonly autoRebuild: boolean;
  readonly processorPollMs?: number;
  readonly lockRetryMs?: number;
  /** How long the live version's processor lets notified events gather before it reads them (ProcessorOptions.coalesceMs). */
  readonly coalesceMs?: number;
}

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
}

const SILENT: RunnerLogger = { log: () => undefined, warn: () => undefined };
/** With no version building, the registry only changes with a notification: this look is the safety net. */
const IDLE_VERSION_POLL_MS = 60_000;

/**
 * Keeps the metrics versions projected in this process: a processor `metrics-v<N>` for the live
 * version and for every building one whose read models match this code. Versions created or
 * switched elsewhere (the rebuild CLI) are picked up from a notification or the next poll; the
 * processors' advisory locks keep one active instance per version across processes. A building
 * version is switched to as soon as it has caught up, by whichever process notices first.
 */
export class MetricsRunner {
  readonly fingerprint: string;
  private readonly running = new Map<number, Processor>();
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** The delay the poll timer was set with. */
  private pollMs = 0;
  private unlisten: (() => Promise<void>) | undefined;
  private started = false;
  private prepared = false;
  private readonly logStore: PostgresEventStore;

  constructor(
    private readonly db: SqlDatabase,
    store: PostgresEventStore,
    private readonly models: readonly ReadModel[],
    private readonly settings: MetricsRunnerSettings,
    private readonly logger: RunnerLogger = SILENT,
  ) {
    checkReadModels(models);
    this.fingerprint = fingerprintOf(models);
    this.logStore = db.driver === 'pg' ? new ReadAheadLog(store).asStore() : store;
  }

  /** Migrates the registry and makes sure a live version exists (the first start makes v1 live at once, empty). */
  async prepare(): Promise<void> {
    await migrateMetricsMeta(this.db);
    await this.ensureVersion();
    this.prepared = true;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.prepared) await this.prepare();
    this.unlisten = await this.db.listen(VERSIONS_CHANNEL, () => void this.refresh().catch((e: unknown) => this.warn(e)));
    this.pollIn(this.settings.versionPollMs);
    await this.refresh();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearTimeout(this.timer);
    await this.unlisten?.();
    await this.queue.catch(() => undefined);
    await Promise.all([...this.running.values()].map((p) => p.stop()));
    this.running.clear();
  }

  /** Versions projected by this process. */
  runningVersions(): number[] {
    return [...this.running.keys()].sort((a, b) => a - b);
  }

  status(): Promise<MetricsStatus> {
    return metricsStatus(this.db);
  }

  /** Re-reads the registry: starts and stops processors, switches a caught-up building version. */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.reconcile());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Rebuilds every model in this process (the embedded platform's `POST /metrics/rebuild`): a new
   * version from position zero, projected beside the live one, switched to once caught up.
   */
  async rebuild(
    options: { onProgress?: (progress: RebuildProgress) => void; signal?: AbortSignal; only?: readonly string[] } = {},
  ): Promise<RebuildResult> {
    const version = await this.startRebuild({ only: options.only });
    return this.waitForLive(version, options);
  }

  /** Creates the building version (every model, or `only` these with the others copied from live) and starts projecting it; resolves with its number at once. */
  async startRebuild(options: { only?: readonly string[] } = {}): Promise<number> {
    const created = await createVersion(this.db, this.models, options);
    if (this.started) await this.refresh();
    this.logger.log(
      `Metrics version ${created.version} created: building ${created.rebuiltModels ? created.rebuiltModels.join(', ') : 'every read model'} from position zero`,
    );
    return created.version;
  }

  waitForLive(
    version: number,
    options: { onProgress?: (progress: RebuildProgress) => void; signal?: AbortSignal } = {},
  ): Promise<RebuildResult> {
    const { switchMaxLag, keepRetired } = this.settings;
    return waitUntilLive(this.db, version, { switchMaxLag, keepRetired, ...options });
  }

  private async reconcile(): Promise<void> {
    if (!this.started) return;
    let versions = await listVersions(this.db);
    const missing = !versions.some((v) => v.status === 'live') || (this.settings.autoRebuild && !versions.some((v) => this.projectable(v)));
    if (missing) {
      await this.ensureVersion();
      versions = await listVersions(this.db);
    }
    const wanted = new Map(versions.filter((v) => this.projectable(v)).map((v) => [v.version, v]));
    for (const [version, processor] of this.running) {
      if (wanted.has(version)) continue;
      this.running.delete(version);
      await processor.stop();
      this.logger.log(
        `Metrics version ${version} no longer projected here (${versions.find((v) => v.version === version)?.status ?? 'gone'})`,
      );
    }
    for (const v of wanted.values()) {
      if (this.running.has(v.version)) continue;
      const batchSize = v.status === 'building' ? this.settings.rebuildBatchSize : this.settings.liveBatchSize;
      const { processorPollMs: pollIntervalMs, lockRetryMs, coalesceMs } = this.settings;
      const processor = new Processor(
        this.db,
        this.logStore,
        versionProcessor(v.version, this.models, { batchSize, pollIntervalMs, lockRetryMs, coalesceMs }),
      );
      this.running.set(v.version, processor);
      await processor.start();
      this.logger.log(`Metrics version ${v.version} (${v.status}) projected here, batches of ${batchSize}`);
    }
    for (const v of wanted.values()) if (v.status === 'building') await this.switchIfCaughtUp(v.version);
    // A building version is switched to by whoever notices it caught up: look often while one builds, rarely otherwise.
    const building = [...wanted.values()].some((v) => v.status === 'building');
    const pollMs = building ? this.settings.versionPollMs : Math.max(this.settings.versionPollMs, IDLE_VERSION_POLL_MS);
    if (pollMs < this.pollMs) this.pollIn(pollMs);
    else this.pollMs = pollMs;
  }

  /** The next registry look in `ms`; each look sets the one after it. */
  private pollIn(ms: number): void {
    clearTimeout(this.timer);
    this.pollMs = ms;
    this.timer = setTimeout(() => {
      void this.refresh()
        .catch((e: unknown) => this.warn(e))
        .finally(() => this.started && this.pollIn(this.pollMs));
    }, ms);
    this.timer.unref();
  }

  private projectable(v: MetricsVersion): boolean {
    return (v.status === 'live' || v.status === 'building') && v.droppedAt === null && v.fingerprint === this.fingerprint;
  }

  private async switchIfCaughtUp(version: number): Promise<SwitchResult | undefined> {
    const current = await loadVersion(this.db, version);
    if (current?.status !== 'building') return undefined;
    if ((await eventsAfter(this.db, current.checkpoint, this.settings.switchMaxLag)) > this.settings.switchMaxLag) return undefined;
    const result = await switchTo(this.db, version, { keepRetired: this.settings.keepRetired, requireCaughtUp: true });
    if (result.switched)
      this.logger.log(
        `Metrics switched to version ${version} (was ${result.previous ?? 'none'}; dropped ${result.dropped.join(', ') || 'none'})`,
      );
    return result;
  }

  /**
   * Under the registry lock: with no live version, the building one of this code goes live at once,
   * or a new one does (views from the start, rows filling in as it catches up); with a live version
   * of other read models, a new version is built beside it (when autoRebuild is on).
   */
  private ensureVersion(): Promise<void> {
    return this.db.transaction(async (tx) => {
      await lockVersions(tx);
      const versions = await listVersions(tx);
      const live = versions.find((v) => v.status === 'live');
      const mine = versions.filter((v) => this.projectable(v));
      if (!live) {
        const building = mine.at(-1) ?? (await insertVersion(tx, this.models));
        await switchLocked(tx, building.version, { keepRetired: this.settings.keepRetired, requireCaughtUp: false });
        this.logger.log(`Metrics version ${building.version} is live (first start): it fills in as it catches up with the log`);
        return;
      }
      if (mine.length > 0) return;
      if (!this.settings.autoRebuild) {
        this.logger.warn(
          `Live metrics version ${live.version} was built from other read models (${live.fingerprint}, code ${this.fingerprint}); METRICS_AUTO_REBUILD is off: run npm run metrics:rebuild`,
        );
        return;
      }
      const created = await insertVersion(tx, this.models);
      this.logger.log(
        `Read models changed (${live.fingerprint} → ${this.fingerprint}): building version ${created.version} beside live version ${live.version}`,
      );
    });
  }

  private warn(error: unknown): void {
    this.logger.warn(`Metrics runner: ${error instanceof Error ? error.message : String(error)}`);
  }
}
