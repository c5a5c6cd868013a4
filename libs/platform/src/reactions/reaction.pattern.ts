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
}
