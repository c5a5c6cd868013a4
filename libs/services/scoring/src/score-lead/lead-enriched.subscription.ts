import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { recycleReason, scoreLead, type LeadCaptured, type LeadEnriched, type ScoringInput } from '@leadline/domain';
import { oncePerTransaction, type NewEvent, type RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { activeScoringModel } from '../model/active-model';
import { ScoringReaction } from '../scoring.tokens';

/**
 * LeadEnriched → LeadScored on `score-<leadId>` with the active model (the last promoted one, else the configured one), with the capture's source read from the lead's
 * stream; an F lead is also sent to the recycle pool there, with the reason, and not to SDRs.
 */
@Controller()
export class LeadEnrichedSubscription extends ScoringReaction {
  @EventPattern({ subscription: 'scoring.lead-enriched', category: 'enrichment', type: 'LeadEnriched' })
  async onEnriched(
    @Payload() event: RecordedEvent<'LeadEnriched', LeadEnriched['data']>,
    @Ctx() { tx, store }: EventContext,
  ): Promise<void> {
    // The events of one delivery chunk are scored under one reading of the active model.
    const model = await oncePerTransaction(tx, 'scoring.active-model', () => activeScoringModel(store, this.config.model));
    const enriched = event.data;
    const lead = await store.readStream(`lead-${enriched.leadId}`);
    const captured = lead.find((e): e is RecordedEvent<'LeadCaptured', LeadCaptured['data']> => e.type === 'LeadCaptured');
    // Enrichment reacts to LeadCaptured, so it is in the store before this: retry (throw) if not.
    if (!captured) throw new Error(`LeadCaptured not found on lead-${enriched.leadId}`);
    const input: ScoringInput = {
      leadId: enriched.leadId,
      source: captured.data.source,
      seniority: enriched.seniority,
      buyingAuthority: enriched.buyingAuthority,
      freeMail: enriched.freeMail,
      segment: enriched.segment,
      firmographics: enriched.firmographics,
      scoredAt: this.now(),
    };
    const scored = scoreLead(input, model);
    const { metadata, eventId } = this.causedBy(event, { leadId: enriched.leadId });
    const events: NewEvent[] = [{ id: eventId('scored'), type: scored.type, data: scored.data, metadata }];
    if (scored.data.grade === 'F') {
      events.push({
        id: eventId('recycled'),
        type: 'LeadSentToRecyclePool',
        data: { leadId: enriched.leadId, reason: recycleReason(scored.data, input, model), at: input.scoredAt },
        metadata,
      });
    }
    await store.appendToStream(`score-${enriched.leadId}`, events);
  }
}
