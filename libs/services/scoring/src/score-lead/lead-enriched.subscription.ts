import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { recycleReason, scoreLead, type LeadCaptured, type LeadEnriched, type LeadSource, type ScoringInput } from '@leadline/domain';
import {
  captureAppendContext,
  oncePerTransaction,
  type EventStoreReader,
  type NewEvent,
  type NewStreamAppend,
  type RecordedEvent,
} from '@leadline/event-store';
import { appendOutcomes, type EventContext } from '@leadline/platform';
import { ActiveScoringModel } from '../model/active-model';
import { ScoringReaction } from '../scoring.tokens';

type Enriched = RecordedEvent<'LeadEnriched', LeadEnriched['data']>;

/**
 * LeadEnriched → LeadScored on `score-<leadId>` with the active model (the last promoted one, else the configured
 * one), a delivered batch at once: the model read once, the capture's source taken from the LeadEnriched (read from
 * the leads' captures only for events written before enrichment carried it), every score appended in one
 * statement. An F lead is also sent to the recycle pool there, with the reason, and not to SDRs.
 */
@Controller()
export class LeadEnrichedSubscription extends ScoringReaction {
  @Inject(ActiveScoringModel) private readonly activeModel!: ActiveScoringModel;

  @EventPattern({ subscription: 'scoring.lead-enriched', category: 'enrichment', type: 'LeadEnriched' }, { batch: true })
  async onEnriched(@Payload() events: Enriched[], @Ctx() ctx: EventContext): Promise<void> {
    // The events of one delivery are scored under one reading of the active model (kept in the process between
    // promotions: ActiveScoringModel).
    const model = await oncePerTransaction(ctx.tx, 'scoring.active-model', () => this.activeModel.read(ctx.store, this.config.model));
    const sources = await sourcesOf(ctx.store, events);
    const appends: NewStreamAppend[] = [];
    for (const event of events) {
      // Decided in the event's own delivery (span, reaction), so its LeadScored continues the lead's trace.
      const append = await ctx.each(event, async (): Promise<NewStreamAppend> => {
        const enriched = event.data;
        const input: ScoringInput = {
          leadId: enriched.leadId,
          source: sources.get(enriched.leadId) as LeadSource,
          seniority: enriched.seniority,
          buyingAuthority: enriched.buyingAuthority,
          freeMail: enriched.freeMail,
          segment: enriched.segment,
          firmographics: enriched.firmographics,
          scoredAt: this.now(),
        };
        const scored = scoreLead(input, model);
        const { metadata, eventId } = this.causedBy(event, { leadId: enriched.leadId });
        const outcome: NewEvent[] = [{ id: eventId('scored'), type: scored.type, data: scored.data, metadata }];
        if (scored.data.grade === 'F') {
          outcome.push({
            id: eventId('recycled'),
            type: 'LeadSentToRecyclePool',
            data: { leadId: enriched.leadId, reason: recycleReason(scored.data, input, model), at: input.scoredAt },
            metadata,
          });
        }
        return { streamId: `score-${enriched.leadId}`, events: outcome, context: captureAppendContext() };
      });
      appends.push(append);
    }
    await appendOutcomes(ctx.store, appends);
  }
}

/** Each lead's capture source: on its LeadEnriched, else (events written before it was carried) one read of those leads' captures. */
async function sourcesOf(store: EventStoreReader, events: readonly Enriched[]): Promise<Map<string, LeadSource>> {
  const sources = new Map<string, LeadSource>();
  const missing: string[] = [];
  for (const { data } of events) {
    if (data.source) sources.set(data.leadId, data.source);
    else missing.push(data.leadId);
  }
  if (missing.length === 0) return sources;
  const captures = await store.readStreams(
    [...new Set(missing)].map((leadId) => `lead-${leadId}`),
    { eventTypes: ['LeadCaptured'] },
  );
  for (const captured of captures as RecordedEvent<'LeadCaptured', LeadCaptured['data']>[]) {
    if (!sources.has(captured.data.leadId)) sources.set(captured.data.leadId, captured.data.source);
  }
  // Enrichment reacts to LeadCaptured, so it is in the store before this: retry (throw) if not.
  const lost = missing.find((leadId) => !sources.has(leadId));
  if (lost) throw new Error(`LeadCaptured not found on lead-${lost}`);
  return sources;
}
