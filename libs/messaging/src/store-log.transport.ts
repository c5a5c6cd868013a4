import { inBatchTrace, inEventTrace, Processor, runAsReaction, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import { assertUniqueSubscription, type EventSubscription, type EventTransport } from './event-transport.port';
import type { LogStore } from './kafka-relay';

export interface StoreLogTransportOptions {
  readonly db: SqlDatabase;
  readonly store: LogStore;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

/**
 * Embedded mode: every subscription is a transactional Processor (`subscription:<name>`) over the
 * store's own global log; the handler's effects and the checkpoint commit in one transaction.
 */
export class StoreLogTransport implements EventTransport {
  readonly kind = 'store-log' as const;
  private readonly subscriptions: EventSubscription[] = [];
  private readonly processors = new Map<string, Processor>();

  constructor(private readonly options: StoreLogTransportOptions) {}

  subscribe(subscription: EventSubscription): void {
    assertUniqueSubscription(this.subscriptions, subscription);
    this.subscriptions.push(subscription);
  }

  async start(): Promise<void> {
    for (const subscription of this.subscriptions) {
      if (this.processors.has(subscription.name)) continue;
      const processor = new Processor(this.options.db, this.options.store, {
        id: `subscription:${subscription.name}`,
        categories: subscription.categories,
        eventTypes: subscription.eventTypes,
        mode: 'transactional',
        batchSize: this.options.batchSize,
        pollIntervalMs: this.options.pollIntervalMs,
        coalesceMs: subscription.coalesceMs,
        handle: async (events, ctx) => {
          const attributes = { 'leadline.subscription': subscription.name };
          // Each event's delivery continues the trace it was appended in, as the reaction to it.
          const each = <T>(event: RecordedEvent, work: () => Promise<T>) =>
            inEventTrace(event, `process ${subscription.name}`, attributes, () => runAsReaction(subscription.name, event, work));
          const { handleBatch } = subscription;
          if (handleBatch) {
            // The whole page at once; a failure rolls it back with the checkpoint and the processor retries it, as it
            // retries a page whose one handler call failed.
            await inBatchTrace(events, `process ${subscription.name} batch`, attributes, () =>
              handleBatch.call(subscription, events, { ...ctx, each }),
            );
            return;
          }
          for (const event of events) await each(event, () => subscription.handle(event, ctx));
        },
      });
      this.processors.set(subscription.name, processor);
      await processor.start();
    }
  }

  async stop(): Promise<void> {
    const processors = [...this.processors.values()];
    this.processors.clear();
    await Promise.all(processors.map((p) => p.stop()));
  }

  /** Every subscription's processor, once started. */
  processorList(): Processor[] {
    return [...this.processors.values()];
  }

  /** The processor behind a subscription (status, waitForIdle, reset). */
  processor(name: string): Processor | undefined {
    return this.processors.get(name);
  }
}
