import { serviceReaction } from '@leadline/platform';
import type { EnrichmentConfig } from './enrichment.config';
/** The validated EnrichmentConfig. */
export const ENRICHMENT_CONFIG = Symbol('ENRICHMENT_CONFIG');
/** The clock enrichments are stamped with. */
export const ENRICHMENT_CLOCK = Symbol('ENRICHMENT_CLOCK');

/** Enrichment's subscription: the enrichment clock and EnrichmentConfig. */
export const EnrichmentReaction = serviceReaction<EnrichmentConfig>({ clock: ENRICHMENT_CLOCK, config: ENRICHMENT_CONFIG });
