import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { nurtureDecider, type NurtureCommand, type NurtureYearElapsed, type OpportunityLost } from '@leadline/domain';
import { handleCommand, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { cancelTimer } from '@leadline/scheduling';
import { PipelineReaction } from '../appointments.tokens';
import { findNurture, recordRecycled } from './nurture.repository';

/**
 * Recycles a lead to the lead database (`LeadRecycled` on `nurture-<leadId>`): when its year timer
 * fires and it is still waiting in that nurture, or when its opportunity is lost as hopeless.
 */
@Controller()
export class NurtureRecycleProcessor extends PipelineReaction {
  @EventPattern({ processor: 'appointments-nurture-recycle', category: 'nurture', type: 'NurtureYearElapsed' })
  async onYearElapsed(
    @Payload() event: RecordedEvent<'NurtureYearElapsed', NurtureYearElapsed['data']>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    const { leadId, nurturedAt, at } = event.data;
    const coolOffDays = this.config.recycleCoolOffDays;
    await this.recycle(event, ctx, { type: 'RecycleWithoutProgress', data: { leadId, nurturedAt, coolOffDays, at } });
  }

  @EventPattern({ processor: 'appointments-nurture-recycle', category: 'opportunity', type: 'OpportunityLost' })
  async onLost(@Payload() event: RecordedEvent<'OpportunityLost', OpportunityLost['data']>, @Ctx() ctx: EventContext): Promise<void> {
    const lost = event.data;
    if (!lost.hopeless) return;
    await this.recycle(event, ctx, {
      type: 'RecycleHopeless',
      data: { leadId: lost.leadId, reason: lost.reason, coolOffDays: this.config.recycleCoolOffDays, at: lost.at },
    });
  }

  private async recycle(cause: RecordedEvent, ctx: ProcessorContext, command: NurtureCommand): Promise<void> {
    const { leadId } = command.data;
    const { metadata, eventId } = this.causedBy(cause, { leadId, correlationId: leadId });
    const { newEvents } = await handleCommand(ctx, `nurture-${leadId}`, nurtureDecider, (state) => nurtureDecider.decide(command, state), {
      eventId: (_event, i) => eventId(`recycled-${i}`),
      metadata,
    });
    if (newEvents.length === 0) return;
    const row = await findNurture(ctx.tx, leadId);
    // A hopeless loss while the prospect waits in nurture ends that nurture: its year timer must not fire.
    if (row?.status === 'nurtured' && row.year_timer_id) await cancelTimer(ctx.tx, row.year_timer_id);
    for (const event of newEvents) if (event.type === 'LeadRecycled') await recordRecycled(ctx.tx, event.data);
  }
}
