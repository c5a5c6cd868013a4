import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { enrichLead, type LeadCaptured, type PartialFirmographics, type ProviderFailure } from '@leadline/domain';
import type { RecordedEvent } from '@leadline/event-store';
import type { EventContext } from '@leadline/platform';
import { EnrichmentReaction } from '../enrichment.tokens';
import { ENRICHMENT_PROVIDERS, type EnrichmentContext, type EnrichmentProvider } from '../providers/enrichment-provider.port';
import { freeMailDomains } from '../reference/free-mail-domains';
import { resolveLocation } from '../reference/location.resolver';

/**
 * LeadCaptured → LeadEnriched on `enrichment-<leadId>`. A provider failure never stalls the lead:
 * it is listed on the event (complete: false) and the lead flows on to scoring.
 */
@Controller()
export class LeadCapturedSubscription extends EnrichmentReaction {
  @Inject(ENRICHMENT_PROVIDERS) private readonly providers!: readonly EnrichmentProvider[];

  @EventPattern({ subscription: 'enrichment.lead-captured', category: 'lead', type: 'LeadCaptured' })
  async onCaptured(
    @Payload() event: RecordedEvent<'LeadCaptured', LeadCaptured['data']>,
    @Ctx() { tx, store }: EventContext,
  ): Promise<void> {
    const lead = event.data;
    const { answers, failures } = await askProviders(this.providers, lead, { tx });
    const location = resolveLocation(lead.contact.phone, lead.company.country);
    const enriched = enrichLead(
      { lead, answers, failures, ...location, enrichedAt: this.now() },
      { segmentThresholds: this.config.segmentThresholds, territoryRules: this.config.territoryRules, freeMailDomains: freeMailDomains() },
    );
    const caused = this.causedBy(event, { leadId: lead.leadId });
    await store.appendToStream(`enrichment-${lead.leadId}`, [
      { id: caused.eventId('enriched'), type: enriched.type, data: enriched.data, metadata: caused.metadata },
    ]);
  }
}

async function askProviders(
  providers: readonly EnrichmentProvider[],
  lead: LeadCaptured['data'],
  ctx: EnrichmentContext,
): Promise<{ answers: PartialFirmographics[]; failures: ProviderFailure[] }> {
  const answers: PartialFirmographics[] = [];
  const failures: ProviderFailure[] = [];
  // One after the other: they share the handler's transaction (one connection).
  for (const provider of providers) {
    try {
      const answer = await provider.enrich(lead, ctx);
      if (answer) answers.push(answer);
    } catch (error) {
      failures.push({ provider: provider.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { answers, failures };
}
