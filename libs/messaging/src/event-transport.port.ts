import type { ProcessorContext, RecordedEvent } from '@leadline/event-store';

/**
 * A durable subscription to other services' events. The handler runs inside a transaction on the
 * subscriber's database (`ctx.tx`, `ctx.store`); its effects commit with the delivery bookkeeping
 * (checkpoint or inbox row), so each event takes effect once whichever transport delivers it.
 */
export interface EventSubscription {
  /** Stable name: the durable position (processor id or consumer group) is keyed on it. */
  readonly name: string;
  readonly categories: readonly string[];
  readonly eventTypes?: readonly string[];
  handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void>;
  /**
   * Optional: a delivered batch in one call (one read of what the batch needs, one append of its outcomes), in the
   * batch's transaction, with the batch's shared work in one span linked to each event's trace. Transports call it
   * instead of `handle` when present; where a batch fails (Kafka) they fall back to `handle` event by event, so a
   * poisonous event is retried and dead-lettered alone; `handle` must therefore do the same for one event.
   */
  handleBatch?(events: readonly RecordedEvent[], ctx: BatchContext): Promise<void>;
  /**
   * Off the line's critical path: the store-log transport answers a notification this many ms later, so the
   * window's events come as one delivery (ProcessorOptions.coalesceMs); a Kafka consumer group fetches again this
   * long after a fetch that brought records (KafkaEventConsumerOptions.coalesceMs).
   */
  readonly coalesceMs?: number;
}

/** What a batch handler gets: the delivery's transaction, and each event's own delivery context. */
export interface BatchContext extends ProcessorContext {
  /**
   * Runs `work` as the delivery of `event`: in its span (continuing the trace it was appended in) and as the
   * reaction to it. Events decided inside carry that context when appended there, or when their append names
   * `captureAppendContext()` taken there (NewStreamAppend.context).
   */
  each<T>(event: RecordedEvent, work: () => Promise<T>): Promise<T>;
}

/** A BatchContext whose deliveries already run in their event's span and reaction: each runs the work as is. */
export function singleDelivery(ctx: ProcessorContext): BatchContext {
  return { tx: ctx.tx, store: ctx.store, each: (_event, work) => work() };
}

export interface EventTransport {
  readonly kind: 'store-log' | 'kafka';
  /** Register before start(). */
  subscribe(subscription: EventSubscription): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');

export function assertUniqueSubscription(existing: readonly EventSubscription[], next: EventSubscription): void {
  if (existing.some((s) => s.name === next.name)) throw new Error(`Subscription ${next.name} is already registered`);
  if (next.categories.length === 0) throw new Error(`Subscription ${next.name} has no categories`);
}
