import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { ProcessorRunner, TimerRunner } from '@leadline/platform';
import type { AppointmentsConfig } from './appointments.config';
import { migrateAppointments } from './appointments.schema';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG, PIPELINE_CONFIG } from './appointments.tokens';
import { HunterOpenDealsSubscription } from './leads/hunter-open-deals.subscription';
import { QualifiedLeadsSubscription } from './leads/qualified-leads.subscription';
import { NurtureRecycleProcessor } from './nurture/nurture-recycle.processor';
import { migrateNurture } from './nurture/nurture.schema';
import { OpenOpportunityProcessor } from './opportunities/open-opportunity.processor';
import { migrateOpportunities } from './opportunities/opportunities.schema';
import type { PipelineConfig } from './opportunities/shared/pipeline.config';
import { VendorConversionsProcessor } from './vendors/vendor-conversions.processor';
import { migrateVendors } from './vendors/vendors.schema';

/** Migrates the booking and pipeline tables, registers the subscriptions and processors, and the reminder and nurture timers. */
@Injectable()
export class AppointmentsLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
    @Inject(PIPELINE_CONFIG) private readonly pipeline: PipelineConfig,
    @Inject(APPOINTMENTS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
    private readonly processors: ProcessorRunner,
    private readonly qualified: QualifiedLeadsSubscription,
    private readonly openDeals: HunterOpenDealsSubscription,
    private readonly open: OpenOpportunityProcessor,
    private readonly recycle: NurtureRecycleProcessor,
    private readonly conversions: VendorConversionsProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const migrate of [migrateAppointments, migrateOpportunities, migrateNurture, migrateVendors]) await migrate(this.db);
    this.transport.subscribe(this.qualified);
    this.transport.subscribe(this.openDeals);
    this.processors.register(this.open.options());
    this.processors.register(this.recycle.options());
    this.processors.register(this.conversions.options());
    this.timers.register(this.clock, this.config.timerPollMs);
    this.timers.register(this.clock, this.pipeline.timerPollMs);
  }
}
