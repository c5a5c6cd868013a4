import { deriveEventId, type RecordedEvent } from '@leadline/event-store';
import type { EventSubscription } from '@leadline/messaging';
import { enrichLead, type LeadCaptured, type PartialFirmographics, type ProviderFailure } from '@leadline/domain';
import type { EnrichmentConfig } from '../enrichment.config';
import type { EnrichmentContext, EnrichmentProvider } from '../providers/enrichment-provider.port';
import { freeMailDomains } from '../reference/free-mail-domains';
import { resolveLocation } from '../reference/location.resolver';

export interface EnrichOnCaptureOptions {
  readonly providers: readonly EnrichmentProvider[];
  readonly config: EnrichmentConfig;
  readonly now?: () => Date;
}

/**
 * LeadCaptured → LeadEnriched on `enrichment-<leadId>`. A provider failure never stalls the lead:
 * it is listed on the event (complete: false) and the lead flows on to scoring.
 */
export function enrichOnCapture({ providers, config, now = () => new Date() }: EnrichOnCaptureOptions): EventSubscription {
  return {
    name: 'enrichment.lead-captured',
    categories: ['lead'],
    eventTypes: ['LeadCaptured'],
    async handle(event, { tx, store }) {
      const lead = (event as RecordedEvent<'LeadCaptured', LeadCaptured['data']>).data;
      const { answers, failures } = await askProviders(providers, lead, { tx });
      const location = resolveLocation(lead.contact.phone, lead.company.country);
      const enriched = enrichLead(
        { lead, answers, failures, ...location, enrichedAt: now().toISOString() },
        { segmentThresholds: config.segmentThresholds, territoryRules: config.territoryRules, freeMailDomains: freeMailDomains() },
      );
      await store.appendToStream(`enrichment-${lead.leadId}`, [
        {
          id: deriveEventId(event.id, 'enriched'),
          type: enriched.type,
          data: enriched.data,
          metadata: { leadId: lead.leadId, correlationId: event.metadata.correlationId ?? event.id, causationId: event.id },
        },
      ]);
    },
  };
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
