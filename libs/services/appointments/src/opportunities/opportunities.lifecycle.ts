import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { ProcessorRunner } from '@leadline/platform';
import { migrateOpportunities } from './opportunities.schema';
import { OpenOpportunityProcessor } from './open-opportunity.processor';

/** Migrates the opportunity tables and registers the processor that opens opportunities. */
@Injectable()
export class OpportunitiesLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly processors: ProcessorRunner,
    private readonly open: OpenOpportunityProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateOpportunities(this.db);
    this.processors.register(this.open.options());
  }
}
