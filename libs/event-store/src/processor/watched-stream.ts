import type { EventStoreReader } from '../event-store.port';
import { categoryOf, type RecordedEvent } from '../event.types';
import { concernsReader, EVENTS_CHANNEL } from '../postgres/schema';
import type { SqlDatabase } from '../sql.port';

export interface WatchedStreamOptions {
  /**
   * How long a reading is trusted at most, notified or not (default 1,000 ms): the bound on staleness when a
   * notification is lost without the listener noticing (a connection that died quietly).
   */
  readonly maxAgeMs?: number;
  /** The clock the age is measured on (ms). */
  readonly now?: () => number;
}

/**
 * What one stream's events say (`project`), kept in the process between reads: for a stream every delivery of a
 * hop reads and that is written a few times a year (the active scoring model, the active routing policy). It is
 * read again once an append to the stream's category commits (the store's notification on EVENTS_CHANNEL), when
 * the listener reconnects (it may have missed one), and at the latest `maxAgeMs` after it was read. A reader that
 * acts on it right after such an append commits may still get the reading before it, for as long as the
 * notification takes to arrive: as if it had read a moment earlier. Not for a stream the reading transaction
 * writes (it would not see its own append), nor where a decision must see the stream as of its own snapshot.
 */
export class WatchedStream<T> {
  private readonly concerns: (payload: string) => boolean;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** The last read and when it started; dropped by every notification that concerns the stream. */
  private kept: { readonly value: Promise<T>; readonly at: number } | undefined;
  private started: Promise<(() => Promise<void>) | undefined> | undefined;
  private listened = false;
  private closed = false;
  /** Reads of the stream made (not answered from what was kept): for tests and counters. */
  reads = 0;

  constructor(
    private readonly db: SqlDatabase,
    readonly streamId: string,
    private readonly project: (events: RecordedEvent[]) => T,
    options: WatchedStreamOptions = {},
  ) {
    this.concerns = concernsReader({ categories: [categoryOf(streamId)] });
    this.maxAgeMs = options.maxAgeMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The projection: kept if read since the last append to the stream's category and within `maxAgeMs`, else read
   * through `reader` (a delivery's transaction, or the store) and kept unless an append was notified meanwhile.
   * Until the listener has started (the first call starts it, without waiting: on PGlite's one connection its
   * LISTEN waits for the caller's transaction), if it failed to, and after close, every call reads.
   */
  async read(reader: EventStoreReader): Promise<T> {
    const listening = this.listening();
    const kept = this.kept;
    const now = this.now();
    if (listening && kept && now - kept.at < this.maxAgeMs) return kept.value;
    this.reads += 1;
    const value = reader.readStream(this.streamId).then((events) => this.project(events));
    if (!listening) return value;
    // Kept at once, so concurrent readers share the read; a notification while it is under way drops it like any
    // other, and so does its failure.
    const entry = { value, at: now };
    this.kept = entry;
    value.catch(() => {
      if (this.kept === entry) this.kept = undefined;
    });
    return value;
  }

  /** Starts listening (read starts it too, without waiting); whether notifications are heard now. */
  async start(): Promise<boolean> {
    this.listening();
    await this.started;
    return this.listened;
  }

  /** Stops listening; later reads read every time. */
  async close(): Promise<void> {
    this.closed = true;
    this.listened = false;
    this.kept = undefined;
    const unlisten = await this.started;
    await unlisten?.();
  }

  /** Whether notifications are heard now; the first call starts listening. */
  private listening(): boolean {
    if (this.closed) return false;
    this.started ??= this.db
      .listen(EVENTS_CHANNEL, (payload) => {
        if (this.concerns(payload)) this.kept = undefined;
      })
      .then(
        (unlisten) => {
          this.listened = !this.closed;
          return unlisten;
        },
        () => undefined,
      );
    return this.listened;
  }
}
