import type { LogCheckpoint } from '../event.types';
import type { LogPage, PostgresEventStore } from '../postgres/postgres-event-store';
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
 * A read that starts within this long of one that reached the log's head runs the prepared log read
 * (LogReadOptions.nearHead): its generic plan walks the log index from the checkpoint, through whatever was appended
 * meanwhile, other categories' events too. A reader of a rare category woken after a long quiet would walk all of
 * them, where a custom plan takes the filter index: later than this, the read is planned for its values.
 */
const NEAR_HEAD_MS = 1_000;
/**
 * A reader on the line (no coalesceMs) held back looks again this soon, then twice as late each time up to
 * pollIntervalMs: what holds it back is usually another service's transaction of a few ms, and its commit
 * notifies nothing of ours (it may append nothing, or other categories), so a flat pollIntervalMs was the wait.
 */
const HELD_BACK_FIRST_POLL_MS = 2;

/** The events a reader on the line reads and handles per step unless told otherwise (ProcessorOptions.batchSize). */
const LINE_PAGE = 100;
/**
 * The same for a reader off the line (coalesceMs). Embedded, each of its statements and transactions may wait up to
 * 500 ms while the line's go first on PGlite's one connection, so under load a step (a read and a transaction) may take
 * a second: with pages of 100 the lead overview handled ~100 events a second, fell 30 s behind at 100 leads/s, and
 * intake answered 503 for the backlog (docs/benchmarks.md, "Issue 15, the seventeenth 2026-12-07 session").
 */
export const OFF_THE_LINE_PAGE = 1_000;

/** What a step found: a full page handled (read on at once), events not yet readable, or nothing more. */
type StepOutcome = 'progressed' | 'held-back' | 'idle';

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
  /**
   * Where the next read starts: ahead of `stored` after reads that only skipped other events, and in at-least-once
   * mode after batches handled within checkpointEveryMs of the last store.
   */
  private readFrom: LogCheckpoint | null = null;
  /** When the last read that reached the log's head (its page not full) started (Date.now()); undefined: it did not. */
  private headReadAt: number | undefined;
  /** When `readFrom`, ahead of `stored`, is to be stored at the latest (Date.now()); undefined: nothing to store. */
  private saveBy: number | undefined;
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
    // What was handled is stored before the lock goes: whoever takes over starts after it (a failed store only
    // means it is handled again, at least once).
    await this.saveDue(true).catch((error: unknown) => (this.lastError = error instanceof Error ? error.message : String(error)));
    await this.unlisten?.();
    await this.releaseLock();
  }

  status(): ProcessorStatus {
    const active = this.lockSession !== undefined && !this.lockSession.lost;
    return { id: this.id, active, checkpoint: this.readFrom, lastError: this.lastError };
  }

  /**
   * Resolves once this instance, after the call, has found no event left for it in the log, and has stored its
   * checkpoint there.
   */
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
    this.saveBy = undefined;
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
        await this.saveDue();
        failures = 0;
        this.lastError = undefined;
        this.heldBackSteps = outcome === 'held-back' ? this.heldBackSteps + 1 : 0;
        if (outcome === 'held-back') await this.wakeup.sleep(this.untilSave(this.heldBackPause()));
        if (outcome === 'idle') await this.sleepUntilWoken();
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        // Batches handled since the last store were handled: store that before re-reading from the stored row (a
        // failed send or read after them need not repeat them). Not when the row moved under us.
        if (!(error instanceof CheckpointMovedError)) await this.saveDue(true).catch(() => undefined);
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

  /** A sleep of `ms` cut short to when the checkpoint is due to be stored. */
  private untilSave(ms: number): number {
    return this.saveBy === undefined ? ms : Math.max(0, Math.min(ms, this.saveBy - Date.now()));
  }

  /**
   * Idle: no query, no commit, until an append of ours notifies (or the listener reconnects, or
   * waitForIdle/stop/reset wake us), except the checkpoint's store when it falls due. The safety-net look costs
   * one query and reads nothing.
   */
  private async sleepUntilWoken(): Promise<void> {
    const idlePollMs = this.options.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
    while (this.running) {
      if (await this.wakeup.sleep(this.untilSave(idlePollMs))) return;
      if (this.saveBy !== undefined) await this.saveDue();
      else if (this.readFrom && (await this.store.hasEventsAfter(this.readFrom, this.options))) return;
    }
  }

  /**
   * Reads one batch and applies it: one statement when the page is not full (the read also says whether events of
   * ours wait above its horizon), plus the effect's transaction; the checkpoint's store is the caller's (saveDue).
   */
  private async step(): Promise<StepOutcome> {
    const readNumber = ++this.readsStarted;
    const generation = this.generation;
    // Whatever woke us before this read (appends committed by now, a waitForIdle) is answered by it, and so is
    // a notification still held back to coalesce.
    this.wakeup.clear();
    this.cancelCoalescing();
    if (!this.stored || !this.readFrom) {
      this.stored = this.readFrom = await loadCheckpoint(this.db, this.id);
      this.headReadAt = undefined;
      this.storedAt = Date.now();
      this.saveBy = undefined;
    }
    const stored = this.stored;
    const from = this.readFrom;
    const batchSize = this.options.batchSize ?? ((this.options.coalesceMs ?? 0) > 0 ? OFF_THE_LINE_PAGE : LINE_PAGE);
    const readAt = Date.now();
    const page = await this.store.readLog({
      after: from,
      categories: this.options.categories,
      eventTypes: this.options.eventTypes,
      maxCount: batchSize,
      heldBack: this.db.driver === 'pg',
      // From the head a moment ago: only what was appended since lies past `from` (NEAR_HEAD_MS).
      nearHead: this.headReadAt !== undefined && readAt - this.headReadAt <= NEAR_HEAD_MS,
    });
    this.headReadAt = page.events.length < batchSize ? readAt : undefined;
    if (page.events.length === 0) {
      // Everything below the horizon is read (an empty page is not full): at most other processors' events were
      // passed over. Remember that, save it a little later; events held back above the horizon call for a look.
      if (!sameCheckpoint(page.checkpoint, from)) this.moveInMemory(page.checkpoint, generation, SKIP_PERSIST_MS);
      return this.caughtUp(page, readNumber);
    }
    if (this.options.mode === 'at-least-once') {
      await this.options.handle(page.events, { tx: this.db, store: this.store });
      this.moveInMemory(page.checkpoint, generation, this.options.checkpointEveryMs ?? 0);
    } else {
      await this.db.transaction(async (tx) => {
        await this.options.handle(page.events, { tx, store: this.store.inTransaction(tx) });
        await storeCheckpoint(tx, this.id, stored, page.checkpoint);
      });
      this.remember(page.checkpoint, generation);
    }
    if (page.events.length === batchSize) return 'progressed';
    // The last page below the horizon: no need to read again to find it empty (a notification that
    // came meanwhile ends the sleep at once); only events held back above the horizon call for a look.
    return this.caughtUp(page, readNumber);
  }

  /** After the last page below the horizon: idle, or held back by events of ours above it. */
  private async caughtUp(page: LogPage, readNumber: number): Promise<StepOutcome> {
    if (await this.heldBack(page)) return 'held-back';
    // What waitForIdle promises an at-least-once processor's caller: what it handled is stored, too.
    if (this.options.mode === 'at-least-once' && this.idleWaiters.some((w) => w.since < readNumber)) await this.saveDue(true);
    this.resolveIdle(readNumber);
    return 'idle';
  }

  /** `readFrom` moves ahead of the stored checkpoint, to be stored once that is `saveAfterMs` old (an earlier due time stands). */
  private moveInMemory(to: LogCheckpoint, generation: number, saveAfterMs: number): void {
    if (generation !== this.generation) return;
    this.readFrom = to;
    this.saveBy = Math.min(this.saveBy ?? Infinity, this.storedAt + saveAfterMs);
  }

  /** Stores `readFrom` if it is ahead of the stored checkpoint and due (or whenever it is ahead, with `now`). */
  private async saveDue(now = false): Promise<void> {
    if (this.saveBy === undefined || !this.stored || !this.readFrom) return;
    if (!now && Date.now() < this.saveBy) return;
    if (!this.lockSession || this.lockSession.lost) return;
    await this.persist(this.stored, this.readFrom, this.generation);
  }

  private cancelCoalescing(): void {
    clearTimeout(this.coalescing);
    this.coalescing = undefined;
  }

  /**
   * Whether events of ours exist past a page that is not full that its read could not return (an older transaction
   * still open holds them back): the read's own answer, or (a store whose page does not carry it) one more look.
   * PGlite has one connection: while a read runs no other transaction is open, so nothing is ever held back there.
   */
  private async heldBack(page: LogPage): Promise<boolean> {
    if (this.db.driver !== 'pg') return false;
    return page.heldBack ?? (await this.store.hasEventsAfter(page.checkpoint, this.options));
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
    this.saveBy = undefined;
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
