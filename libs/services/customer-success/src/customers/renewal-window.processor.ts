import { Injectable } from '@nestjs/common';
import type { ProcessorContext, ProcessorOptions, RecordedEvent } from '@leadline/event-store';
import { CustomerSession } from './customer.session';

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
    const customerId = event.streamId.slice('customer-'.length);
    await ctx.tx.query(`update customer_success.renewal_timers set status = 'fired' where timer_id = $1 and status = 'pending'`, [
      event.id,
    ]);
    const session = await CustomerSession.open(ctx, customerId);
    await session.commitProjection();
  }
}
