import { ExpectedVersionConflictError } from '../event-store.errors';
import type { EventStoreReader, TransactionalStore } from '../event-store.port';
import type { EventMetadata, RecordedEvent } from '../event.types';
import type { ProcessorContext } from '../processor.types';

/** A domain event as a decider sees it: the type tag discriminates the union. */
export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
}

/** How a stream's events become state: the two folding functions of a decider (Emmett's shape). */
export interface StreamFold<State, Event extends StreamEvent> {
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A stream as read: its folded state, the version to append against and the stored events. */
export interface LoadedStream<State> {
  readonly state: State;
  /** The last event's streamVersion; 0 for a stream that does not exist (the store reads 0 as 'no-stream'). */
  readonly version: number;
  readonly history: readonly RecordedEvent[];
}

/** The business decision on the state read: a decider's `decide`, perhaps after reads it needs first. */
export type Decide<State, Event extends StreamEvent> = (
  state: State,
  stream: LoadedStream<State>,
) => readonly Event[] | Promise<readonly Event[]>;

export interface HandleCommandOptions<State, Event extends StreamEvent> {
  /** Ids of the new events; derive them from the cause (deriveEventId) so a redelivery re-appends them as a no-op. Generated when absent. */
  readonly eventId?: (event: Event, index: number) => string;
  /** What every new event carries: leadId, correlationId, causationId. */
  readonly metadata?: EventMetadata | ((event: Event, stream: LoadedStream<State>) => EventMetadata);
  /**
   * Re-reads and decides again this many times after an ExpectedVersionConflictError. Only when the
   * handler opens its own transaction: in a caller's, the conflict rolls the caller back instead.
   */
  readonly retries?: number;
  /**
   * The stream's events as the caller has just read them in this transaction (e.g. with other streams
   * in one `readStreams`): folded instead of read again. The append still expects their last version,
   * so a write to the stream since that read fails it as a conflict, as after a read of its own.
   */
  readonly history?: readonly RecordedEvent[];
}

export interface CommandResult<State, Event extends StreamEvent> {
  readonly newState: State;
  readonly newEvents: readonly Event[];
  /** The new events as stored (ids, versions); the stored ones when the append was an idempotent no-op. */
  readonly recorded: readonly RecordedEvent[];
  /** Pass it as the expected version of the next append to the stream. */
  readonly nextExpectedVersion: number;
  /** False when nothing was written: no events were decided, or all their ids were stored already. */
  readonly written: boolean;
}

/** Where a command runs: inside a caller's open transaction, or in transactions of its own. */
export type CommandScope = ProcessorContext | TransactionalStore;

/** Reads a stream and folds it (Emmett's aggregateStream). */
export async function loadStream<State, Event extends StreamEvent>(
  store: EventStoreReader,
  streamId: string,
  fold: StreamFold<State, Event>,
): Promise<LoadedStream<State>> {
  return foldStream(await store.readStream(streamId), fold);
}

/** A stream's events as read, folded. */
function foldStream<State, Event extends StreamEvent>(
  history: readonly RecordedEvent[],
  fold: StreamFold<State, Event>,
): LoadedStream<State> {
  return {
    state: domainEventsOf<Event>(history).reduce(fold.evolve, fold.initialState()),
    version: history.at(-1)?.streamVersion ?? 0,
    history,
  };
}

/** Stored events as the domain union they belong to (the type tag discriminates). */
export function domainEventsOf<Event extends StreamEvent>(events: readonly RecordedEvent[]): Event[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as Event);
}

/**
 * The one command loop (Emmett's CommandHandler): read the stream, fold it, decide on that state,
 * append the decision with the version read, so a concurrent writer makes the append fail rather
 * than slip under the decision. Nothing is appended when the decision is empty.
 */
export async function handleCommand<State, Event extends StreamEvent>(
  scope: CommandScope,
  streamId: string,
  fold: StreamFold<State, Event>,
  decide: Decide<State, Event>,
  options: HandleCommandOptions<State, Event> = {},
): Promise<CommandResult<State, Event>> {
  if (!('tx' in scope)) {
    // A history read outside these transactions would be stale in a retry: each attempt reads the stream.
    return runInTransaction(scope, (ctx) => handleCommand(ctx, streamId, fold, decide, { ...options, history: undefined }), options);
  }
  const stream = options.history ? foldStream(options.history, fold) : await loadStream(scope.store, streamId, fold);
  const events = await decide(stream.state, stream);
  if (events.length === 0) {
    return { newState: stream.state, newEvents: [], recorded: [], nextExpectedVersion: stream.version, written: false };
  }
  const { metadata, eventId } = options;
  const appended = await scope.store.appendToStream(
    streamId,
    events.map((event, i) => ({
      id: eventId?.(event, i),
      type: event.type,
      data: event.data,
      metadata: typeof metadata === 'function' ? metadata(event, stream) : metadata,
    })),
    { expectedVersion: stream.version },
  );
  // An idempotent re-append may have found its events stored after this read: fold what is there.
  const newState = appended.written ? events.reduce(fold.evolve, stream.state) : (await loadStream(scope.store, streamId, fold)).state;
  return {
    newState,
    newEvents: events,
    recorded: appended.events,
    nextExpectedVersion: appended.nextExpectedVersion,
    written: appended.written,
  };
}

/**
 * Runs `work` in a transaction of its own; on a version conflict, rolls back and runs it again on
 * fresh state, at most `retries` more times. The work's other writes (read models, timers) commit
 * or roll back with its appends.
 */
export async function runInTransaction<T>(
  store: TransactionalStore,
  work: (ctx: ProcessorContext) => Promise<T>,
  options: { readonly retries?: number } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.db.transaction((tx) => work({ tx, store: store.inTransaction(tx) }));
    } catch (error) {
      if (!(error instanceof ExpectedVersionConflictError) || attempt >= (options.retries ?? 0)) throw error;
    }
  }
}
