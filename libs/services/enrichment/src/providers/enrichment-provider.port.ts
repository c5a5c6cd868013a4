import type { SqlExecutor } from '@leadline/event-store';
import type { LeadCaptured, PartialFirmographics } from '@leadline/domain';

/** What a provider gets: the captured lead and the handler's transaction (never the root database). */
export interface EnrichmentContext {
  readonly tx: SqlExecutor;
}

/**
 * A source of firmographics. Resolves null when it knows nothing about the lead; rejects when it
 * failed (the lead then flows on, partially enriched, with the failure listed).
 */
export interface EnrichmentProvider {
  readonly name: string;
  enrich(lead: LeadCaptured['data'], ctx: EnrichmentContext): Promise<PartialFirmographics | null>;
  /**
   * Optional: several leads at once (a delivered batch), the answers in the leads' order. Rejects when it failed,
   * for all of them (each lead then flows on with the failure listed).
   */
  enrichMany?(leads: readonly LeadCaptured['data'][], ctx: EnrichmentContext): Promise<(PartialFirmographics | null)[]>;
}

export const ENRICHMENT_PROVIDERS = Symbol('ENRICHMENT_PROVIDERS');
