import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { LeadRecycled, RecycleCoolOffEnded } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { scheduleTimer } from '@leadline/scheduling';
import { RoutingReaction } from '../routing.tokens';
import { recordRecycled } from './recycle.repository';

/**
 * Appointments' `LeadRecycled` (nurture without progress for a year, or lost as hopeless) → a
 * durable cool-off timer due at `availableToOutboundAt`. Its id derives from the LeadRecycled id,
 * so a redelivery schedules it once; when it fires, `RecycleCoolOffEnded` lands on
 * `assignment-<leadId>` and RecycleReopenProcessor gives the lead to an outbound SDR.
 */
@Controller()
export class RecycledLeadSubscription extends RoutingReaction {
  @EventPattern({ subscription: 'routing-recycled-leads', category: 'nurture', type: 'LeadRecycled' })
  async onLeadRecycled(@Payload() event: RecordedEvent<'LeadRecycled', LeadRecycled['data']>, @Ctx() { tx }: EventContext): Promise<void> {
    const { leadId, reason, availableToOutboundAt, at } = event.data;
    const { metadata, eventId } = this.causedBy(event, { leadId, correlationId: leadId });
    const timerId = eventId('recycle-cool-off');
    const ended: RecycleCoolOffEnded = {
      type: 'RecycleCoolOffEnded',
      data: { leadId, reason, recycledAt: at, availableToOutboundAt, at: availableToOutboundAt },
    };
    await scheduleTimer(tx, {
      timerId,
      dueAt: availableToOutboundAt,
      streamId: `assignment-${leadId}`,
      event: { ...ended, metadata },
    });
    await recordRecycled(tx, { timerId, leadId, reason, recycledAt: at, availableToOutboundAt });
  }
}
