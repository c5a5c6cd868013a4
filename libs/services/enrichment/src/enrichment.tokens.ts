/** The validated EnrichmentConfig. */
export const ENRICHMENT_CONFIG = Symbol('ENRICHMENT_CONFIG');
/** The clock enrichments are stamped with. */
export const ENRICHMENT_CLOCK = Symbol('ENRICHMENT_CLOCK');
