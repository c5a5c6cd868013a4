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
