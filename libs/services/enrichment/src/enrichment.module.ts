import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import type { EventTransport } from '@leadline/messaging';
import { EVENT_TRANSPORT, SQL_DATABASE, type ServiceDescriptor } from '@leadline/platform';
import { enrichOnCapture } from './enrich-lead/lead-captured.subscription';
import { ENRICHMENT_CONFIG, loadEnrichmentConfig, type EnrichmentConfig } from './enrichment.config';
import { EnrichmentInfoController } from './enrichment-info.controller';
import { migrateEnrichment } from './enrichment.migration';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';
import { CompanyDirectoryProvider } from './providers/company-directory.provider';
import { ENRICHMENT_PROVIDERS, type EnrichmentProvider } from './providers/enrichment-provider.port';
import { HttpEnrichmentProvider } from './providers/http-enrichment.provider';

@Module({
  controllers: [EnrichmentInfoController],
  providers: [
    // Validated when the module starts: a bad setting stops the process with the problem named.
    { provide: ENRICHMENT_CONFIG, useFactory: (): EnrichmentConfig => loadEnrichmentConfig(process.env) },
    {
      provide: ENRICHMENT_PROVIDERS,
      inject: [ENRICHMENT_CONFIG],
      useFactory: (config: EnrichmentConfig): EnrichmentProvider[] => [
        new CompanyDirectoryProvider(),
        ...(config.httpProvider ? [new HttpEnrichmentProvider(config.httpProvider)] : []),
      ],
    },
  ],
})
export class EnrichmentModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(ENRICHMENT_CONFIG) private readonly config: EnrichmentConfig,
    @Inject(ENRICHMENT_PROVIDERS) private readonly providers: EnrichmentProvider[],
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateEnrichment(this.db);
    this.transport.subscribe(enrichOnCapture({ providers: this.providers, config: this.config }));
  }
}

export const enrichmentService: ServiceDescriptor = { ...ENRICHMENT_SERVICE, module: EnrichmentModule };
