import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { enrichOnCapture } from './enrich-lead/lead-captured.subscription';
import type { EnrichmentConfig } from './enrichment.config';
import { migrateEnrichment } from './enrichment.migration';
import { ENRICHMENT_CLOCK, ENRICHMENT_CONFIG } from './enrichment.tokens';
import { ENRICHMENT_PROVIDERS, type EnrichmentProvider } from './providers/enrichment-provider.port';

/** Migrates the company directory and subscribes enrichment to captured leads. */
@Injectable()
export class EnrichmentLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(ENRICHMENT_CONFIG) private readonly config: EnrichmentConfig,
    @Inject(ENRICHMENT_CLOCK) private readonly clock: Clock,
    @Inject(ENRICHMENT_PROVIDERS) private readonly providers: EnrichmentProvider[],
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateEnrichment(this.db);
    this.transport.subscribe(enrichOnCapture({ providers: this.providers, config: this.config, now: () => this.clock.now() }));
  }
}
