import { inAppendContext, type EventStoreWriter, type NewStreamAppend } from '@leadline/event-store';

/**
 * A batch reaction's outcomes, each on a stream of its own that is normally new (`enrichment-<leadId>`,
 * `score-<leadId>`): the new streams in one statement; a stream that exists (the outcome of a redelivered
 * cause) or comes twice is appended the usual way after them, where stored event ids make a re-append a
 * no-op, as a single-event reaction's append would. Each outcome keeps the context it names
 * (NewStreamAppend.context). Without a multi-stream append (a store not bound to a transaction), stream by stream.
 */
export async function appendOutcomes(store: EventStoreWriter, appends: readonly NewStreamAppend[]): Promise<void> {
  const streams = new Set<string>();
  const first: NewStreamAppend[] = [];
  const later: NewStreamAppend[] = [];
  for (const append of appends) {
    (streams.has(append.streamId) ? later : first).push(append);
    streams.add(append.streamId);
  }
  const written = store.appendToStreamsIfNew ? await store.appendToStreamsIfNew(first) : first.map(() => undefined);
  const rest = [...first.filter((_append, i) => !written[i]), ...later];
  for (const { streamId, events, context } of rest) await inAppendContext(context, () => store.appendToStream(streamId, events));
}
