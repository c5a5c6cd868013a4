import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { migrateLeadIntake } from './schema/lead-intake.schema';

/** Migrates lead-intake's tables (identity claims, idempotency keys, the lead overview) before anything reads them. */
@Injectable()
export class LeadIntakeLifecycle implements OnModuleInit {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrateLeadIntake(this.db);
  }
}
