import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { AppointmentsInfoController } from './appointments-info.controller';
import { loadAppointmentsConfig } from './appointments.config';
import { AppointmentsLifecycle } from './appointments.lifecycle';
import { APPOINTMENTS_SERVICE } from './appointments.service-info';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG, PIPELINE_CONFIG } from './appointments.tokens';
import { BookingController } from './booking/booking.controller';
import { BookingHandler } from './booking/booking.handler';
import { HunterOpenDealsSubscription } from './leads/hunter-open-deals.subscription';
import { QualifiedLeadsSubscription } from './leads/qualified-leads.subscription';
import { NurtureController } from './nurture/nurture.controller';
import { NurtureHandler } from './nurture/nurture.handler';
import { NurtureRecycleProcessor } from './nurture/nurture-recycle.processor';
import { OpenOpportunityProcessor } from './opportunities/open-opportunity.processor';
import { OpportunityController } from './opportunities/opportunity.controller';
import { OpportunityHandler } from './opportunities/opportunity.handler';
import { loadPipelineConfig } from './opportunities/shared/pipeline.config';
import { RosterController } from './roster/roster.controller';
import { RosterHandler } from './roster/roster.handler';
import { VendorController } from './vendors/vendor.controller';
import { VendorConversionsProcessor } from './vendors/vendor-conversions.processor';
import { VendorHandler } from './vendors/vendor.handler';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';
import { APPOINTMENTS_MIGRATIONS } from './appointments.schema';

/** Booking (AE roster, slots, fair booking, reminders, outcomes) and the pipeline after it: opportunities, nurture, list vendors. */
@Module({})
export class AppointmentsModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: AppointmentsModule,
      controllers: [
        AppointmentsInfoController,
        RosterController,
        BookingController,
        OpportunityController,
        NurtureController,
        VendorController,
        QualifiedLeadsSubscription,
        HunterOpenDealsSubscription,
        OpenOpportunityProcessor,
        NurtureRecycleProcessor,
        VendorConversionsProcessor,
      ],
      providers: [
        ...serviceSettings(options, { clock: APPOINTMENTS_CLOCK, config: APPOINTMENTS_CONFIG }, loadAppointmentsConfig),
        { provide: PIPELINE_CONFIG, useFactory: () => loadPipelineConfig(options.env ?? process.env) },
        RosterHandler,
        BookingHandler,
        OpportunityHandler,
        NurtureHandler,
        VendorHandler,
        AppointmentsLifecycle,
      ],
    };
  }
}

/** The appointments service with its own clock or settings (tests pass a virtual clock and env). */
export const createAppointmentsService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...APPOINTMENTS_SERVICE,
  module: AppointmentsModule.forRoot(options),
  migrations: [SCHEDULING_MIGRATIONS, APPOINTMENTS_MIGRATIONS],
});

export const appointmentsService: ServiceDescriptor = createAppointmentsService();
