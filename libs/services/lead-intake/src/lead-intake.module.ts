import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import type { EventTransport } from '@leadline/messaging';
import { EVENT_TRANSPORT, SQL_DATABASE, type ServiceDescriptor } from '@leadline/platform';
import { CaptureLeadController } from './capture/capture-lead.controller';
import { CaptureLeadHandler } from './capture/capture-lead.handler';
import { ImportListController } from './import/import-list.controller';
import { ImportListHandler } from './import/import-list.handler';
import { LeadIntakeInfoController } from './lead-intake-info.controller';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';
import { LEAD_INTAKE_CLOCK, systemClock } from './lead-intake.tokens';
import { LeadOverviewController } from './overview/lead-overview.controller';
import { leadOverviewSubscription } from './overview/lead-overview.subscription';
import { migrateLeadIntake } from './schema/lead-intake.schema';
import { UnmergeDuplicateController } from './unmerge/unmerge-duplicate.controller';
import { UnmergeDuplicateHandler } from './unmerge/unmerge-duplicate.handler';

@Module({
  controllers: [LeadIntakeInfoController, CaptureLeadController, ImportListController, UnmergeDuplicateController, LeadOverviewController],
  providers: [CaptureLeadHandler, ImportListHandler, UnmergeDuplicateHandler, { provide: LEAD_INTAKE_CLOCK, useValue: systemClock }],
})
export class LeadIntakeModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateLeadIntake(this.db);
    this.transport.subscribe(leadOverviewSubscription);
  }
}

export const leadIntakeService: ServiceDescriptor = { ...LEAD_INTAKE_SERVICE, module: LeadIntakeModule };
