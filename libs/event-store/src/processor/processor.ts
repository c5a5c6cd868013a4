import type { LogCheckpoint } from '../event.types';
import type { PostgresEventStore } from '../postgres/postgres-event-store';
import { concernsReader, EVENTS_CHANNEL } from '../postgres/schema';
import type { ProcessorOptions, ProcessorStatus } from '../processor.types';
import type { SqlDatabase, SqlSession } from '../sql.port';
import { runOffTheLine } from '../drivers/line-first';
import { CheckpointMovedError, loadCheckpoint, resetCheckpoint, storeCheckpoint } from './checkpoint.repository';
import { Wakeup } from './wakeup';

const MAX_BACKOFF_MS = 5_000;
/** A checkpoint move that only skipped other processors' events is saved at most this often. */
const SKIP_PERSIST_MS = 1_000;
/** Safety-net look at the log while idle: appends notify, so this only matters if a notification is lost. */
const DEFAULT_IDLE_POLL_MS = 60_000;
/**
 * A reader on the line (no coalesceMs) held back looks again this soon, then twice as late each time up to
 * pollIntervalMs: what holds it back is usually another service's transaction of a few ms, and its commit
 * notifies nothing of ours (it may append nothing, or other categories), so a flat pollIntervalMs was the wait.
 */
const HELD_BACK_FIRST_POLL_MS = 2;

/**
 * What a step found: events handled (read on at once), events not yet readable, a skip to save a little
 * later, or nothing.
 */
type StepOutcome = 'progressed' | 'held-back' | 'save-later' | 'idle';

/** The processors started on each database (not stopped since): what a process reports its lag of. */
const STARTED = new WeakMap<SqlDatabase, Set<Processor>>();

/**
 * A durable subscription to the global log. One instance per id is active at a time
 * (session advisory lock); the others stand by and take over when its connection dies.
 * The checkpoint moves by compare-and-set, in the effect's own transaction by default.
 */
export class Processor {
  private running = false;
  private loop: Promise<void> | undefined;
  private lockSession: SqlSession | undefined;
  /** The checkpoint row as this instance last read or wrote it; null: reload before the next step. */
  private stored: LogCheckpoint | null = null;
  private storedAt = 0;
  /** Where the next read starts: ahead of `stored` after reads that only skipped other events. */
  private readFrom: LogCheckpoint | null = null;
  /** Bumped by reset(), so a step that raced it does not keep positions from before. */
  private generation = 0;
  private lastError: string | undefined;
  private readonly wakeup = new Wakeup();
  private unlisten: (() => Promise<void>) | undefined;
  private idleWaiters: Array<{ since: number; resolve: () => void }> = [];
  /** A notification's wake, held back coalesceMs (ProcessorOptions.coalesceMs). */
  private coalescing: NodeJS.Timeout | undefined;
  private readsStarted = 0;
  /** Consecutive held-back steps (0: the last step was not held back). */
  private heldBackSteps = 0;
  /** A checkpoint past which events of ours were found committed: they stay there, so that look is not repeated. */
  private eventsPast: LogCheckpoint | null = null;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: PostgresEventStore,
    private readonly options: ProcessorOptions,
  ) {}

  get id(): string {
    return this.options.id;
  }

  /** The categories and event types it reads (none: all). */
  get filter(): Pick<ProcessorOptions, 'categories' | 'eventTypes'> {
    return { categories: this.options.categories, eventTypes: this.options.eventTypes };
  }

  /** The processors started on `db` in this process and not stopped, in start order. */
  static startedOn(db: SqlDatabase): Processor[] {
    return [...(STARTED.get(db) ?? [])];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    STARTED.set(this.db, (STARTED.get(this.db) ?? new Set()).add(this));
    // Appends notify their category and event types: wake only for ours (an empty payload means "catch up").
    const concernsUs = concernsReader(this.options);
    const coalesceMs = this.options.coalesceMs ?? 0;
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => {
      // Held back on the line, any commit that appended may be the transaction it waits for: look again.
      if (!concernsUs(payload)) {
        if (coalesceMs <= 0 && this.heldBackSteps > 0) this.wakeup.wake();
        return;
      }
      if (coalesceMs <= 0) this.wakeup.wake();
      else this.coalescing ??= setTimeout(() => ((this.coalescing = undefined), this.wakeup.wake()), coalesceMs);
    });
    // A coalescing reader is off the line: on PGlite its reads and transactions let the line's go first.
    this.loop = coalesceMs > 0 ? runOffTheLine(() => this.run()) : this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    STARTED.get(this.db)?.delete(this);
    this.cancelCoalescing();
    this.wakeup.wake();
    await this.loop;
    await this.unlisten?.();
    await this.releaseLock();
  }

  status(): ProcessorStatus {
    const active = this.lockSession !== undefined && !this.lockSession.lost;
    return { id: this.id, active, checkpoint: this.readFrom, lastError: this.lastError };
  }

  /** Resolves once this instance, after the call, has found no event left for it in the log. */
  waitForIdle(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Processor ${this.id} not idle after ${timeoutMs} ms`)), timeoutMs);
      this.idleWaiters.push({
        since: this.readsStarted,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      this.wakeup.wake();
    });
  }

  /** Rewinds to the log start (and lets the handler clear what it built) in one transaction. */
  async reset(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.options.onReset?.(tx);
      await resetCheckpoint(tx, this.id);
    });
    this.generation += 1;
    this.stored = null;
    this.eventsPast = null;
    this.wakeup.wake();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.holdLock())) {
          await this.wakeup.sleep(this.options.lockRetryMs ?? 1_000);
          continue;
        }
        const outcome = await this.step();
        failures = 0;
        this.lastError = undefined;
        this.heldBackSteps = outcome === 'held-back' ? this.heldBackSteps + 1 : 0;
        if (outcome === 'held-back') await this.wakeup.sleep(this.heldBackPause());
        if (outcome === 'save-later') await this.wakeup.sleep(this.pollIntervalMs);
        if (outcome === 'idle') await this.sleepUntilWoken();
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.stored = null;
        this.heldBackSteps = 0;
        if (error instanceof CheckpointMovedError) continue;
        failures += 1;
        await this.checkLockAlive();
        await this.wakeup.sleep(Math.min(MAX_BACKOFF_MS, 50 * 2 ** failures));
      }
    }
  }

  private get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? 500;
  }

  /**
   * How long a held-back reader waits before it looks again (a notification of any category ends the wait
   * sooner): on the line 2, 4, 8 ... ms up to pollIntervalMs; a coalescing reader, off the line, pollIntervalMs.
   */
  private heldBackPause(): number {
    if ((this.options.coalesceMs ?? 0) > 0) return this.pollIntervalMs;
    return Math.min(this.pollIntervalMs, HELD_BACK_FIRST_POLL_MS * 2 ** Math.min(this.heldBackSteps - 1, 20));
  }

  /**
   * Idle: no query, no commit, until an append of ours notifies (or the listener reconnects, or
   * waitForIdle/stop/reset wake us). The safety-net look costs one query and reads nothing.
   */
  private async sleepUntilWoken(): Promise<void> {
    const idlePollMs = this.options.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
    while (this.running && !(await this.wakeup.sleep(idlePollMs))) {
      if (this.readFrom && (await this.store.hasEventsAfter(this.readFrom, this.options))) return;
    }
  }

  /** Reads one batch and applies it. */
  private async step(): Promise<StepOutcome> {
    const readNumber = ++this.readsStarted;
    const generation = this.generation;
    // Whatever woke us before this read (appends committed by now, a waitForIdle) is answered by it, and so is
    // a notification still held back to coalesce.
    this.wakeup.clear();
    this.cancelCoalescing();
    if (!this.stored || !this.readFrom) {
      this.stored = this.readFrom = await loadCheckpoint(this.db, this.id);
      this.storedAt = Date.now();
    }
    const stored = this.stored;
    const from = this.readFrom;
    const page = await this.store.readLog({
      after: from,
      categories: this.options.categories,
      eventTypes: this.options.eventTypes,
      maxCount: this.options.batchSize ?? 100,
    });
    if (sameCheckpoint(page.checkpoint, from)) {
      // Nothing below the horizon; idle only if nothing is waiting above it either (an older
      // transaction of this database can hold newer commits back, and its own commit may notify
      // another category): held-back events are polled for, not waited on.
      const heldBack = await this.heldBack(from);
      if (!heldBack) this.resolveIdle(readNumber);
      if (sameCheckpoint(stored, from)) return heldBack ? 'held-back' : 'idle';
      // A skip not saved yet: save it once it is old enough, and look again until then.
      if (Date.now() - this.storedAt < SKIP_PERSIST_MS) return heldBack ? 'held-back' : 'save-later';
      await this.persist(stored, from, generation);
      return heldBack ? 'held-back' : 'idle';
    }
    if (page.events.length === 0) {
      // Only other processors' events were passed over: remember it, save it later.
      if (generation === this.generation) this.readFrom = page.checkpoint;
      if (Date.now() - this.storedAt >= SKIP_PERSIST_MS) await this.persist(stored, page.checkpoint, generation);
      return 'progressed';
    }
    if (this.options.mode === 'at-least-once') {
      await this.options.handle(page.events, { tx: this.db, store: this.store });
      await this.persist(stored, page.checkpoint, generation);
    } else {
      await this.db.transaction(async (tx) => {
        await this.options.handle(page.events, { tx, store: this.store.inTransaction(tx) });
        await storeCheckpoint(tx, this.id, stored, page.checkpoint);
      });
      this.remember(page.checkpoint, generation);
    }
    if (page.events.length === (this.options.batchSize ?? 100)) return 'progressed';
    // The last page below the horizon: no need to read again to find it empty (a notification that
    // came meanwhile ends the sleep at once); only events held back above the horizon call for a look.
    const heldBack = await this.heldBack(page.checkpoint);
    if (!heldBack) this.resolveIdle(readNumber);
    return heldBack ? 'held-back' : 'idle';
  }

  private cancelCoalescing(): void {
    clearTimeout(this.coalescing);
    this.coalescing = undefined;
  }

  /**
   * Whether events of ours exist past `checkpoint` that the read could not see yet (an older transaction
   * still open holds them back). PGlite has one connection: while a read runs no other transaction is
   * open, so nothing is ever held back there.
   */
  private async heldBack(checkpoint: LogCheckpoint): Promise<boolean> {
    if (this.db.driver !== 'pg') return false;
    // Committed events are never removed from the log: found past this checkpoint once, they are there until read.
    if (this.eventsPast && sameCheckpoint(this.eventsPast, checkpoint)) return true;
    const found = await this.store.hasEventsAfter(checkpoint, this.options);
    this.eventsPast = found ? checkpoint : null;
    return found;
  }

  /** The compare-and-set alone, autocommitted: one statement is atomic, so no BEGIN and COMMIT round trips around it. */
  private async persist(from: LogCheckpoint, to: LogCheckpoint, generation: number): Promise<void> {
    await storeCheckpoint(this.db, this.id, from, to);
    this.remember(to, generation);
  }

  private remember(checkpoint: LogCheckpoint, generation: number): void {
    if (generation !== this.generation) return;
    this.stored = this.readFrom = checkpoint;
    this.storedAt = Date.now();
  }

  private resolveIdle(readNumber: number): void {
    const ready = this.idleWaiters.filter((w) => w.since < readNumber);
    this.idleWaiters = this.idleWaiters.filter((w) => w.since >= readNumber);
    ready.forEach((w) => w.resolve());
  }

  private async holdLock(): Promise<boolean> {
    if (this.lockSession?.lost) await this.dropLock();
    if (this.lockSession) return true;
    const session = await this.db.session();
    try {
      const { rows } = await session.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [
        lockName(this.id),
      ]);
      if (rows[0]?.locked) {
        this.lockSession = session;
        return true;
      }
    } catch (error) {
      await session.release();
      throw error;
    }
    await session.release();
    return false;
  }

  /** After an error: if the lock's connection is gone, the lock went with it; stand by again. */
  private async checkLockAlive(): Promise<void> {
    if (!this.lockSession) return;
    if (!this.lockSession.lost) {
      try {
        await this.lockSession.query('select 1');
        return;
      } catch {
        // the session is gone
      }
    }
    await this.dropLock();
  }

  private async dropLock(): Promise<void> {
    const dead = this.lockSession;
    this.lockSession = undefined;
    await dead?.release();
  }

  private async releaseLock(): Promise<void> {
    const session = this.lockSession;
    this.lockSession = undefined;
    if (!session) return;
    await session.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName(this.id)]).catch(() => undefined);
    await session.release();
  }
}

function sameCheckpoint(a: LogCheckpoint, b: LogCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.position === b.position;
}

function lockName(processorId: string): string {
  return `leadline-processor:${processorId}`;
}
