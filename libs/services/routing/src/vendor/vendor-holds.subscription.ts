import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { VendorLeadsArchived, VendorLeadsReleased, VendorListReceived } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { lockRouting } from '../roster/roster-snapshot';
import { RoutingReaction } from '../routing.tokens';
import { holdListed, settleHolds } from './vendor-holds.repository';

const holds = (type: string) => ({ subscription: 'routing-vendor-holds', category: 'vendor', type });

/**
 * Appointments' list-vendor test on `vendor-<vendorId>` → routing's holds: a listed lead waits,
 * a released one that was already scored is marked to be assigned (ReleasedHoldsDrain assigns it
 * soon after, a later LeadScored assigns one scored after its release), an archived one is never assigned.
 */
@Controller()
export class VendorHoldsSubscription extends RoutingReaction {
  @EventPattern(holds('VendorListReceived'))
  async onListReceived(
    @Payload() event: RecordedEvent<'VendorListReceived', VendorListReceived['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { vendorId, listId, leadIds, at } = event.data;
    // Before any hold row is written, like every path that writes them (no lock cycle with a scored-lead chunk).
    await lockRouting(ctx.tx);
    await holdListed(ctx.tx, { vendorId, listId, leadIds, at });
  }

  /**
   * One statement settles every hold of the event; the released leads already scored are assigned
   * afterwards by ReleasedHoldsDrain, in small transactions of their own (a release of 1,500 scored
   * leads used to be one transaction holding the routing lock and the server's log horizon for minutes).
   */
  @EventPattern([holds('VendorLeadsReleased'), holds('VendorLeadsArchived')])
  async onLeadsSettled(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    const { vendorId, leadIds, at } = event.data as (VendorLeadsReleased | VendorLeadsArchived)['data'];
    const status = event.type === 'VendorLeadsReleased' ? 'released' : 'archived';
    // Before the hold rows: a short transaction now (one statement), so holding the lock for it costs nothing.
    await lockRouting(ctx.tx);
    await settleHolds(ctx.tx, { vendorId, leadIds, status, at, eventId: event.id });
  }
}
