import { Injectable } from '@nestjs/common';
import { customerDecider } from '@leadline/domain';
import { loadStream, type ProcessorContext, type ProcessorOptions, type RecordedEvent } from '@leadline/event-store';
import { customerStream } from './customer.session';
import { saveCustomer } from './customers.repository';

/**
 * Projects `RenewalWindowOpened` (appended by a fired durable timer, or at once) into the read
 * model and marks the timer fired. The event itself needs no decision: a stale one is ignored by the fold.
 */
@Injectable()
export class RenewalWindowProcessor {
  options(): ProcessorOptions {
    return {
      id: 'customer-success-renewal-windows',
      categories: ['customer'],
      eventTypes: ['RenewalWindowOpened'],
      handle: async (events, ctx) => {
        for (const event of events) await this.handle(event, ctx);
      },
    };
  }

  private async handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void> {
    const customerId = event.streamId.slice(customerStream('').length);
    await ctx.tx.query(`update customer_success.renewal_timers set status = 'fired' where timer_id = $1 and status = 'pending'`, [
      event.id,
    ]);
    const { state, version } = await loadStream(ctx.store, customerStream(customerId), customerDecider);
    await saveCustomer(ctx.tx, state, version);
  }
}
