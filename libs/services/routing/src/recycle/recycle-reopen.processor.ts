import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RecycleCoolOffEnded } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { RoutingReaction } from '../routing.tokens';
import { reopenForOutbound } from './reopen-for-outbound';

/** On a fired cool-off timer (`RecycleCoolOffEnded`): the recycled lead goes to an outbound SDR, or waits for one. */
@Controller()
export class RecycleReopenProcessor extends RoutingReaction {
  private readonly logger = new Logger('RoutingRecycle');

  @EventPattern({ processor: 'routing-recycle-reopen', category: 'assignment', type: 'RecycleCoolOffEnded' })
  async onCoolOffEnded(
    @Payload() event: RecordedEvent<'RecycleCoolOffEnded', RecycleCoolOffEnded['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { leadId } = event.data;
    const at = this.now();
    const result = await reopenForOutbound(ctx, {
      leadId,
      causeEventId: event.id,
      correlationId: event.metadata.correlationId ?? leadId,
      at,
    });
    if (result.outcome === 'waiting') this.logger.warn(`No eligible outbound SDR for recycled lead ${leadId}; queued in routing.unrouted`);
    if (result.outcome === 'stale') this.logger.log(`Cool-off of recycled lead ${leadId} ended; nothing to do: ${result.why}`);
  }
}
