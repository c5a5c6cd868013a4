import type { LogCheckpoint, LogPage, PostgresEventStore, ReadAllOptions } from '@leadline/event-store';

interface Pending {
  readonly after: LogCheckpoint;
  readonly maxCount: number | undefined;
  readonly page: Promise<LogPage>;
}

/**
 * The store as a processor reads it, with one page of read-ahead: after a full page it asks for the
 * next one at once, so the server reads page n+1 (on another pool connection) while page n is being
 * applied. A page is only ever served for the exact checkpoint it was read after, and a page below
 * the horizon never changes, so the processor sees exactly what an unbuffered read would return.
 * Worth it on a server; PGlite serialises everything on one connection anyway.
 */
export class ReadAheadLog {
  private pending: Pending | undefined;

  constructor(private readonly store: PostgresEventStore) {}

  /** For `new Processor(db, log.asStore(), …)`: the processor calls readLog, hasEventsAfter and inTransaction. */
  asStore(): PostgresEventStore {
    return this as unknown as PostgresEventStore;
  }

  async readLog(options: ReadAllOptions = {}): Promise<LogPage> {
    if (options.categories?.length || options.eventTypes?.length) return this.store.readLog(options);
    const after = options.after ?? { transactionId: 0n, position: 0n };
    const pending = this.pending;
    this.pending = undefined;
    const hit = pending && sameCheckpoint(pending.after, after) && pending.maxCount === options.maxCount;
    const page = await (hit ? pending.page : this.store.readLog(options));
    if (options.maxCount !== undefined && page.events.length === options.maxCount) {
      const next = this.store.readLog({ after: page.checkpoint, maxCount: options.maxCount });
      next.catch(() => undefined); // surfaced when (and if) the page is served
      this.pending = { after: page.checkpoint, maxCount: options.maxCount, page: next };
    }
    return page;
  }

  hasEventsAfter(...args: Parameters<PostgresEventStore['hasEventsAfter']>): ReturnType<PostgresEventStore['hasEventsAfter']> {
    return this.store.hasEventsAfter(...args);
  }

  inTransaction(...args: Parameters<PostgresEventStore['inTransaction']>): ReturnType<PostgresEventStore['inTransaction']> {
    return this.store.inTransaction(...args);
  }
}

function sameCheckpoint(a: LogCheckpoint, b: LogCheckpoint): boolean {
  return a.transactionId === b.transactionId && a.position === b.position;
}
