import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { migrateEnrichment } from './enrichment.migration';

/** Migrates the company directory before anything reads it. */
@Injectable()
export class EnrichmentLifecycle implements OnModuleInit {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrateEnrichment(this.db);
  }
}
