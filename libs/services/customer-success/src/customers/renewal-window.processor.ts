import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { customerDecider } from '@leadline/domain';
import { loadStream, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { customerStream } from './customer.session';
import { saveCustomer } from './customers.repository';

/**
 * Projects `RenewalWindowOpened` (appended by a fired durable timer, or at once) into the read
 * model and marks the timer fired. The event itself needs no decision: a stale one is ignored by the fold.
 */
@Controller()
export class RenewalWindowProcessor {
  @EventPattern({ processor: 'customer-success-renewal-windows', category: 'customer', type: 'RenewalWindowOpened' })
  async onWindowOpened(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    const customerId = event.streamId.slice(customerStream('').length);
    await ctx.tx.query(`update customer_success.renewal_timers set status = 'fired' where timer_id = $1 and status = 'pending'`, [
      event.id,
    ]);
    const { state, version } = await loadStream(ctx.store, customerStream(customerId), customerDecider);
    await saveCustomer(ctx.tx, state, version);
  }
}
