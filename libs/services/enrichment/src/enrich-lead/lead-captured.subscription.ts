import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { enrichLead, type LeadCaptured, type PartialFirmographics, type ProviderFailure } from '@leadline/domain';
import { captureAppendContext, type NewStreamAppend, type RecordedEvent } from '@leadline/event-store';
import { appendOutcomes, type EventContext } from '@leadline/platform';
import { EnrichmentReaction } from '../enrichment.tokens';
import { ENRICHMENT_PROVIDERS, type EnrichmentContext, type EnrichmentProvider } from '../providers/enrichment-provider.port';
import { freeMailDomains } from '../reference/free-mail-domains';
import { resolveLocation } from '../reference/location.resolver';

/**
 * LeadCaptured → LeadEnriched on `enrichment-<leadId>`, a delivered batch at once: the providers asked for all its
 * leads (the company directory in one lookup), every LeadEnriched appended in one statement. A provider failure
 * never stalls a lead: it is listed on the event (complete: false) and the lead flows on to scoring.
 */
@Controller()
export class LeadCapturedSubscription extends EnrichmentReaction {
  @Inject(ENRICHMENT_PROVIDERS) private readonly providers!: readonly EnrichmentProvider[];

  @EventPattern({ subscription: 'enrichment.lead-captured', category: 'lead', type: 'LeadCaptured' }, { batch: true })
  async onCaptured(@Payload() events: RecordedEvent<'LeadCaptured', LeadCaptured['data']>[], @Ctx() ctx: EventContext): Promise<void> {
    const found = await askProviders(
      this.providers,
      events.map((event) => event.data),
      { tx: ctx.tx },
    );
    const rules = {
      segmentThresholds: this.config.segmentThresholds,
      territoryRules: this.config.territoryRules,
      freeMailDomains: freeMailDomains(),
    };
    const appends: NewStreamAppend[] = [];
    for (const [i, event] of events.entries()) {
      // Decided in the event's own delivery (span, reaction), so its LeadEnriched continues the lead's trace.
      const append = await ctx.each(event, async (): Promise<NewStreamAppend> => {
        const lead = event.data;
        const location = resolveLocation(lead.contact.phone, lead.company.country);
        const enriched = enrichLead({ lead, ...found[i], ...location, enrichedAt: this.now() }, rules);
        const caused = this.causedBy(event, { leadId: lead.leadId });
        return {
          streamId: `enrichment-${lead.leadId}`,
          events: [{ id: caused.eventId('enriched'), type: enriched.type, data: enriched.data, metadata: caused.metadata }],
          context: captureAppendContext(),
        };
      });
      appends.push(append);
    }
    await appendOutcomes(ctx.store, appends);
  }
}

type Found = { answers: PartialFirmographics[]; failures: ProviderFailure[] };

/** Each lead's answers and failures, providers in priority order; a provider that answers for many is asked once. */
async function askProviders(
  providers: readonly EnrichmentProvider[],
  leads: readonly LeadCaptured['data'][],
  ctx: EnrichmentContext,
): Promise<Found[]> {
  const found: Found[] = leads.map(() => ({ answers: [], failures: [] }));
  const failed = (at: number, provider: EnrichmentProvider, error: unknown) =>
    found[at].failures.push({ provider: provider.name, error: error instanceof Error ? error.message : String(error) });
  // One after the other: they share the handler's transaction (one connection).
  for (const provider of providers) {
    if (provider.enrichMany) {
      try {
        const answers = await provider.enrichMany(leads, ctx);
        answers.forEach((answer, at) => answer && found[at].answers.push(answer));
      } catch (error) {
        leads.forEach((_lead, at) => failed(at, provider, error));
      }
      continue;
    }
    for (const [at, lead] of leads.entries()) {
      try {
        const answer = await provider.enrich(lead, ctx);
        if (answer) found[at].answers.push(answer);
      } catch (error) {
        failed(at, provider, error);
      }
    }
  }
  return found;
}
