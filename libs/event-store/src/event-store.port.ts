import type { AppendResult, ExpectedVersion, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './event.types';
import type { SqlDatabase, SqlExecutor } from './sql.port';
import type { AppendContext } from './tracing/append-context';

export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion;
}

export interface EventStoreReader {
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Global log after a checkpoint; never returns an event while an older transaction may still commit one before it. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The stored events among these ids, whatever their streams (an id not stored is left out). */
  readEvents(eventIds: readonly string[]): Promise<RecordedEvent[]>;
  /** Several streams in one read (a batch handler's one read of what its batch needs), by stream then version; optionally only these event types. */
  readStreams(streamIds: readonly string[], options?: ReadStreamsOptions): Promise<RecordedEvent[]>;
}

export interface ReadStreamsOptions {
  readonly eventTypes?: readonly string[];
}

export interface EventStoreWriter {
  appendToStream(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * The first events of several new streams in one statement (a batch handler's one append), in the given order;
   * each stream is expected not to exist (expected version 'no-stream'): when one does, ExpectedVersionConflictError,
   * and the caller's transaction must roll back (the statement wrote the others). Event ids must be new. Only on a
   * store bound to a transaction (`inTransaction`); a writer without it appends stream by stream.
   */
  appendToNewStreams?(appends: readonly NewStreamAppend[]): Promise<AppendResult[]>;
  /**
   * `appendToNewStreams` for the streams that do not exist yet, in one statement: undefined for a stream that
   * exists, nothing written to it (e.g. a redelivered cause's outcome, to append the usual way so its stored
   * event ids make it a no-op). Only on a store bound to a transaction.
   */
  appendToStreamsIfNew?(appends: readonly NewStreamAppend[]): Promise<(AppendResult | undefined)[]>;
}

export interface NewStreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /**
   * The trace context and actor the events were decided in (`captureAppendContext()`), stamped on them instead of
   * the append's own: a batch handler's one append of many causes' outcomes keeps each in its cause's trace.
   */
  readonly context?: AppendContext;
}

export interface EventStore extends EventStoreReader, EventStoreWriter {
  /** The same store bound to an open transaction, so an effect and a checkpoint commit together. */
  inTransaction(tx: SqlExecutor): EventStoreReader & EventStoreWriter;
}

/** The store with the database it lives in: what command handlers open their own transactions on. */
export interface TransactionalStore extends EventStore {
  readonly db: SqlDatabase;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
export const SQL_DATABASE = Symbol('SQL_DATABASE');
