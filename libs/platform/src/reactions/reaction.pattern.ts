/**
 * The pattern of an `@EventPattern` reaction to stored events. Handlers that name the same
 * subscription (or processor) share one durable position: one checkpoint, or one consumer group.
 *
 * - `subscription`: another service's events, delivered by the process's transport: the store's
 *   global log embedded, the category's Kafka topic distributed.
 * - `processor`: the service's own streams, read from the store's global log in both modes.
 */
export type ReactionPattern =
  | { readonly subscription: string; readonly category: string; readonly type: string }
  | { readonly processor: string; readonly category: string; readonly type: string };

/** `@EventPattern(pattern, extras)`: how a processor delivers (subscriptions are always transactional). */
export interface ReactionExtras {
  /**
   * 'transactional' (default): the handler's writes commit with the checkpoint. 'at-least-once':
   * the handler runs outside a transaction (effects beyond the database) and must be idempotent.
   */
  readonly delivery?: 'transactional' | 'at-least-once';
  /**
   * true: the handler takes a delivered batch's consecutive events of its type at once (`@Payload()` is a
   * `RecordedEvent[]`, in log order) and decides each inside `ctx.each(event, ...)` (its delivery span and
   * reaction). Transports that isolate a failing event call it again with one event at a time, so it must
   * handle any sub-list, a single event included.
   */
  readonly batch?: boolean;
  /**
   * Off the line's critical path (a read model, a record, a notification): answer a notification of new events
   * this many ms later, so the events of that window are handled in one delivery (ProcessorOptions.coalesceMs).
   * Embedded subscriptions and processors; a Kafka consumer group fetches again this long after a fetch that brought
   * records (at low rates it would fetch once per record). OFF_THE_LINE sets it.
   */
  readonly coalesceMs?: number;
}

/**
 * `@EventPattern(pattern, OFF_THE_LINE)`: a reaction nobody waits for at once. At 20 leads/s each such reader of the
 * embedded line cost one step per event, on the one PGlite connection the line itself waits for (docs/benchmarks.md,
 * "Pipeline, embedded"); 200 ms later it handles the window's events in one step.
 */
export const OFF_THE_LINE = { coalesceMs: 200 } as const satisfies ReactionExtras;
