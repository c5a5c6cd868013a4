import { Inject, Injectable } from '@nestjs/common';
import { nurtureDecider, type NurtureCommand, type NurtureYearElapsed, type OpportunityLost } from '@leadline/domain';
import { deriveEventId, handleCommand, type ProcessorContext, type ProcessorOptions, type RecordedEvent } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import type { PipelineConfig } from '../opportunities/shared/pipeline.config';
import { PIPELINE_CONFIG } from '../appointments.tokens';
import { findNurture, recordRecycled } from './nurture.repository';

/**
 * Recycles a lead to the lead database (`LeadRecycled` on `nurture-<leadId>`): when its year timer
 * fires and it is still waiting in that nurture, or when its opportunity is lost as hopeless.
 */
@Injectable()
export class NurtureRecycleProcessor {
  constructor(@Inject(PIPELINE_CONFIG) private readonly config: PipelineConfig) {}

  options(): ProcessorOptions {
    return {
      id: 'appointments-nurture-recycle',
      categories: ['nurture', 'opportunity'],
      eventTypes: ['NurtureYearElapsed', 'OpportunityLost'],
      handle: async (events, ctx) => {
        for (const event of events) await this.handle(event, ctx);
      },
    };
  }

  private async handle(event: RecordedEvent, ctx: ProcessorContext): Promise<void> {
    const coolOffDays = this.config.recycleCoolOffDays;
    if (event.type === 'NurtureYearElapsed') {
      const { leadId, nurturedAt, at } = event.data as NurtureYearElapsed['data'];
      await this.recycle(event, ctx, { type: 'RecycleWithoutProgress', data: { leadId, nurturedAt, coolOffDays, at } });
      return;
    }
    const lost = event.data as OpportunityLost['data'];
    if (!lost.hopeless) return;
    await this.recycle(event, ctx, {
      type: 'RecycleHopeless',
      data: { leadId: lost.leadId, reason: lost.reason, coolOffDays, at: lost.at },
    });
  }

  private async recycle(cause: RecordedEvent, ctx: ProcessorContext, command: NurtureCommand): Promise<void> {
    const { leadId } = command.data;
    const { newEvents } = await handleCommand(ctx, `nurture-${leadId}`, nurtureDecider, (state) => nurtureDecider.decide(command, state), {
      eventId: (_event, i) => deriveEventId(cause.id, `recycled-${i}`),
      metadata: { leadId, correlationId: cause.metadata.correlationId ?? leadId, causationId: cause.id },
    });
    if (newEvents.length === 0) return;
    const row = await findNurture(ctx.tx, leadId);
    // A hopeless loss while the prospect waits in nurture ends that nurture: its year timer must not fire.
    if (row?.status === 'nurtured' && row.year_timer_id) await cancelTimer(ctx.tx, row.year_timer_id);
    for (const event of newEvents) if (event.type === 'LeadRecycled') await recordRecycled(ctx.tx, event.data);
  }
}
