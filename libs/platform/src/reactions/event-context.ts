import { BaseRpcContext } from '@nestjs/microservices';
import type { EventStoreReader, EventStoreWriter, ProcessorContext, SqlExecutor } from '@leadline/event-store';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the transaction its delivery commits in. A
 * subscription's or a transactional processor's effects written through `tx` and `store` commit
 * with the checkpoint or inbox row, and roll back with them when the handler throws.
 */
export class EventContext extends BaseRpcContext<[ProcessorContext]> implements ProcessorContext {
  get tx(): SqlExecutor {
    return this.args[0].tx;
  }

  get store(): EventStoreReader & EventStoreWriter {
    return this.args[0].store;
  }
}
