export { EnrichmentModule, enrichmentService, createEnrichmentService } from './enrichment.module';
export { ENRICHMENT_SERVICE } from './enrichment.service-info';
export { loadEnrichmentConfig, type EnrichmentConfig, type HttpProviderConfig } from './enrichment.config';
export { migrateEnrichment } from './enrichment.migration';
export { HttpEnrichmentProvider, HttpProviderError } from './providers/http-enrichment.provider';
export { CompanyDirectoryProvider } from './providers/company-directory.provider';
export type { EnrichmentProvider, EnrichmentContext } from './providers/enrichment-provider.port';
export { importCompanies, companyOf, normaliseDomain, type CompanyRecord, type ImportResult } from './companies/import-companies';
