import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { leadOverviewSubscription } from './overview/lead-overview.subscription';
import { migrateLeadIntake } from './schema/lead-intake.schema';

/** Migrates lead-intake's tables and subscribes the overview to the other stations' events. */
@Injectable()
export class LeadIntakeLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateLeadIntake(this.db);
    this.transport.subscribe(leadOverviewSubscription);
  }
}
