import { Injectable } from '@nestjs/common';
import type { LeadRecycled, RecycleCoolOffEnded } from '@leadline/domain';
import { deriveEventId, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import type { EventSubscription } from '@leadline/messaging';
import { scheduleTimer } from '@leadline/scheduling';
import { recordRecycled } from './recycle.repository';

/**
 * Appointments' `LeadRecycled` (nurture without progress for a year, or lost as hopeless) → a
 * durable cool-off timer due at `availableToOutboundAt`. Its id derives from the LeadRecycled id,
 * so a redelivery schedules it once; when it fires, `RecycleCoolOffEnded` lands on
 * `assignment-<leadId>` and RecycleReopenProcessor gives the lead to an outbound SDR.
 */
@Injectable()
export class RecycledLeadSubscription implements EventSubscription {
  readonly name = 'routing-recycled-leads';
  readonly categories = ['nurture'];
  readonly eventTypes = ['LeadRecycled'];

  async handle(event: RecordedEvent, { tx }: ProcessorContext): Promise<void> {
    const { leadId, reason, availableToOutboundAt, at } = event.data as LeadRecycled['data'];
    const timerId = deriveEventId(event.id, 'recycle-cool-off');
    const ended: RecycleCoolOffEnded = {
      type: 'RecycleCoolOffEnded',
      data: { leadId, reason, recycledAt: at, availableToOutboundAt, at: availableToOutboundAt },
    };
    await scheduleTimer(tx, {
      timerId,
      dueAt: availableToOutboundAt,
      streamId: `assignment-${leadId}`,
      event: { ...ended, metadata: { leadId, correlationId: event.metadata.correlationId ?? leadId, causationId: event.id } },
    });
    await recordRecycled(tx, { timerId, leadId, reason, recycledAt: at, availableToOutboundAt });
  }
}
