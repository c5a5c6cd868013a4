import type { EventStoreReader, EventStoreWriter } from './event-store.port';
import type { LogCheckpoint, RecordedEvent } from './event.types';
import type { SqlExecutor } from './sql.port';

/** What a processor's handler gets: the open transaction its checkpoint will commit in. */
export interface ProcessorContext {
  readonly tx: SqlExecutor;
  readonly store: EventStoreReader & EventStoreWriter;
}

export interface ProcessorOptions {
  /** Unique name; the checkpoint row and the advisory lock are keyed on it. */
  readonly id: string;
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
  /** Events per read and handler call (default 100; 1,000 for a reader off the line, with coalesceMs: OFF_THE_LINE_PAGE). */
  readonly batchSize?: number;
  /**
   * How soon, at the latest, to look again when events exist that an older open transaction still holds back
   * (default 500 ms). A reader without coalesceMs looks again after 2 ms, then twice as late each time up to this,
   * and at once when any append commits; a coalescing reader waits this long.
   */
  readonly pollIntervalMs?: number;
  /**
   * Idle, a processor waits for a notification of one of its categories; this is the safety-net look
   * in case one is lost (default 60 s; one query that reads nothing and commits nothing).
   */
  readonly idlePollMs?: number;
  /**
   * Answer a notification of new events this many ms later (default 0: at once), so that the events committed
   * meanwhile are read and handled in one step. For a reader off the line's critical path (a read model, a
   * shadow, a notification): at 20 events/s it costs one step per window instead of one per event, and leaves
   * the database to the line meanwhile (embedded, PGlite serialises every step). Only notifications wait:
   * waitForIdle, reset and stop wake it at once, and a read that starts for another reason answers a pending one.
   * A coalescing processor is off the line: embedded, its statements let the line's go first on PGlite's one
   * connection (runOffTheLine).
   */
  readonly coalesceMs?: number;
  /** How often a standby instance tries to take over the lock (default 1000 ms). */
  readonly lockRetryMs?: number;
  /**
   * 'transactional' (default): the handler's effect and the checkpoint commit in one
   * transaction: exactly-once effects. 'at-least-once': the handler runs outside a
   * transaction (for effects outside the database, like a Kafka produce) and the checkpoint
   * follows it; a crash between them repeats the batch, so the effect must be idempotent.
   */
  readonly mode?: 'transactional' | 'at-least-once';
  /**
   * At-least-once mode: the checkpoint after a handled batch is stored at most this often (default 0: after every
   * batch, one more commit each); in between it moves in memory, and the next reads start there. It is stored when
   * it falls due (also while idle, without a read), before waitForIdle resolves, on stop (before the lock goes) and
   * after a failed step. A crash or a lost connection re-handles what was handled since the last store: at most
   * this long's batches. (Transactional mode stores it in the effect's transaction, always.)
   */
  readonly checkpointEveryMs?: number;
  handle(events: readonly RecordedEvent[], ctx: ProcessorContext): Promise<void>;
  /** Called in the reset transaction, to clear what the processor built (projection rows). */
  onReset?(tx: SqlExecutor): Promise<void>;
}

export interface ProcessorStatus {
  readonly id: string;
  readonly active: boolean;
  readonly checkpoint: LogCheckpoint | null;
  readonly lastError?: string;
}
