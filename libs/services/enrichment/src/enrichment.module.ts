import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { LeadCapturedSubscription } from './enrich-lead/lead-captured.subscription';
import { loadEnrichmentConfig, type EnrichmentConfig } from './enrichment.config';
import { EnrichmentInfoController } from './enrichment-info.controller';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';
import { ENRICHMENT_CLOCK, ENRICHMENT_CONFIG } from './enrichment.tokens';
import { CompanyDirectoryProvider } from './providers/company-directory.provider';
import { ENRICHMENT_PROVIDERS, type EnrichmentProvider } from './providers/enrichment-provider.port';
import { HttpEnrichmentProvider } from './providers/http-enrichment.provider';
import { ENRICHMENT_MIGRATIONS } from './enrichment.migration';

/** Firmographics from the company directory (and an HTTP provider when configured), seniority, location, segment, territory. */
@Module({})
export class EnrichmentModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: EnrichmentModule,
      controllers: [EnrichmentInfoController, LeadCapturedSubscription],
      providers: [
        ...serviceSettings(options, { clock: ENRICHMENT_CLOCK, config: ENRICHMENT_CONFIG }, loadEnrichmentConfig),
        {
          provide: ENRICHMENT_PROVIDERS,
          inject: [ENRICHMENT_CONFIG],
          useFactory: (config: EnrichmentConfig): EnrichmentProvider[] => [
            new CompanyDirectoryProvider(),
            ...(config.httpProvider ? [new HttpEnrichmentProvider(config.httpProvider)] : []),
          ],
        },
      ],
    };
  }
}

/** The enrichment service with its own clock or settings (tests and simulations). */
export const createEnrichmentService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...ENRICHMENT_SERVICE,
  module: EnrichmentModule.forRoot(options),
  migrations: [ENRICHMENT_MIGRATIONS],
});

export const enrichmentService: ServiceDescriptor = createEnrichmentService();
