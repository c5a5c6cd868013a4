import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { CaptureGroups } from './capture/capture-groups';
import { CaptureLeadController } from './capture/capture-lead.controller';
import { CaptureLeadHandler } from './capture/capture-lead.handler';
import { ErasePersonController } from './erasure/erase-person.controller';
import { ErasePersonHandler } from './erasure/erase-person.handler';
import { ImportListController } from './import/import-list.controller';
import { ImportListHandler } from './import/import-list.handler';
import { LeadIntakeInfoController } from './lead-intake-info.controller';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';
import { loadLeadIntakeConfig } from './lead-intake.config';
import { LEAD_INTAKE_CLOCK, LEAD_INTAKE_CONFIG } from './lead-intake.tokens';
import { LeadOverviewController } from './overview/lead-overview.controller';
import { LeadOverviewSubscription } from './overview/lead-overview.subscription';
import { UnmergeDuplicateController } from './unmerge/unmerge-duplicate.controller';
import { UnmergeDuplicateHandler } from './unmerge/unmerge-duplicate.handler';
import { LEAD_INTAKE_MIGRATIONS } from './schema/lead-intake.schema';

/** Capture (HTTP and CSV lists), duplicate merge and unmerge, erasure of a person, the lead overview and journey. */
@Module({})
export class LeadIntakeModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: LeadIntakeModule,
      controllers: [
        LeadIntakeInfoController,
        CaptureLeadController,
        ImportListController,
        UnmergeDuplicateController,
        ErasePersonController,
        LeadOverviewController,
        LeadOverviewSubscription,
      ],
      providers: [
        ...serviceSettings(options, { clock: LEAD_INTAKE_CLOCK, config: LEAD_INTAKE_CONFIG }, loadLeadIntakeConfig),
        CaptureLeadHandler,
        CaptureGroups,
        ImportListHandler,
        UnmergeDuplicateHandler,
        ErasePersonHandler,
      ],
    };
  }
}

/** The lead-intake service with its own clock (tests and simulations). */
export const createLeadIntakeService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...LEAD_INTAKE_SERVICE,
  module: LeadIntakeModule.forRoot(options),
  // Capturing a lead needs only the database: intake stays ready (and takes leads) while Kafka is away.
  readiness: 'database',
  migrations: [LEAD_INTAKE_MIGRATIONS],
  // Leads come from outside (forms, vendors, partners) at their pace: bursts of new connections past capacity.
  publicIntake: true,
});

export const leadIntakeService: ServiceDescriptor = createLeadIntakeService();
