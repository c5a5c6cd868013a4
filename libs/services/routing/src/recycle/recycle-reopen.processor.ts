import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock, RecycleCoolOffEnded } from '@leadline/domain';
import type { ProcessorContext, ProcessorOptions, RecordedEvent } from '@leadline/event-store';
import { ROUTING_CLOCK } from '../routing.tokens';
import { reopenForOutbound } from './reopen-for-outbound';

/** On a fired cool-off timer (`RecycleCoolOffEnded`): the recycled lead goes to an outbound SDR, or waits for one. */
@Injectable()
export class RecycleReopenProcessor {
  private readonly logger = new Logger('RoutingRecycle');

  constructor(@Inject(ROUTING_CLOCK) private readonly clock: Clock) {}

  options(): ProcessorOptions {
    return {
      id: 'routing-recycle-reopen',
      categories: ['assignment'],
      eventTypes: ['RecycleCoolOffEnded'],
      handle: async (events, ctx) => {
        for (const event of events) await this.handle(event, ctx);
      },
    };
  }

  private async handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void> {
    const { leadId } = event.data as RecycleCoolOffEnded['data'];
    const at = this.clock.now().toISOString();
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
