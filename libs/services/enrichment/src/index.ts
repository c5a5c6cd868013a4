export { EnrichmentModule, enrichmentService } from './enrichment.module';
export { ENRICHMENT_SERVICE } from './enrichment.service-info';
