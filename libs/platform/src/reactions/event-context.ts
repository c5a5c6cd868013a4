import { BaseRpcContext } from '@nestjs/microservices';
import type { EventStoreReader, EventStoreWriter, ProcessorContext, RecordedEvent, SqlExecutor } from '@leadline/event-store';
import type { BatchContext } from '@leadline/messaging';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the transaction its delivery commits in. A
 * subscription's or a transactional processor's effects written through `tx` and `store` commit
 * with the checkpoint or inbox row, and roll back with them when the handler throws.
 */
export class EventContext extends BaseRpcContext<[ProcessorContext & Partial<BatchContext>]> implements BatchContext {
  get tx(): SqlExecutor {
    return this.args[0].tx;
  }

  get store(): EventStoreReader & EventStoreWriter {
    return this.args[0].store;
  }

  /**
   * A batch handler's (`{ batch: true }`) per-event delivery: `work` in the event's span, as the reaction to it;
   * as is when the delivery already is the event's own (one event, or a context without `each`).
   */
  each<T>(event: RecordedEvent, work: () => Promise<T>): Promise<T> {
    const { each } = this.args[0];
    return each ? each(event, work) : work();
  }
}
