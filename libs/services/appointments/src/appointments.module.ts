import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import type { ServiceDescriptor } from '@leadline/platform';
import { systemClock } from '@leadline/scheduling';
import { AppointmentsInfoController } from './appointments-info.controller';
import { loadAppointmentsConfig } from './appointments.config';
import { AppointmentsLifecycle } from './appointments.lifecycle';
import { APPOINTMENTS_SERVICE } from './appointments.service-info';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG } from './appointments.tokens';
import { BookingController } from './booking/booking.controller';
import { BookingHandler } from './booking/booking.handler';
import { HunterOpenDealsSubscription } from './leads/hunter-open-deals.subscription';
import { QualifiedLeadsSubscription } from './leads/qualified-leads.subscription';
import { RosterController } from './roster/roster.controller';
import { RosterHandler } from './roster/roster.handler';
import { NurtureModule } from './nurture/nurture.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { VendorsModule } from './vendors/vendors.module';

export interface AppointmentsOptions {
  /** Virtual time for tests and simulations; the system clock by default. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

@Module({})
export class AppointmentsModule {
  static forRoot(options: AppointmentsOptions = {}): DynamicModule {
    return {
      module: AppointmentsModule,
      // The pipeline modules (opportunities, nurture, vendors) join here with the same options.
      imports: [OpportunitiesModule.forRoot(options), NurtureModule.forRoot(options), VendorsModule.forRoot(options)],
      controllers: [AppointmentsInfoController, RosterController, BookingController],
      providers: [
        { provide: APPOINTMENTS_CONFIG, useFactory: () => loadAppointmentsConfig(options.env ?? process.env) },
        { provide: APPOINTMENTS_CLOCK, useValue: options.clock ?? systemClock },
        RosterHandler,
        BookingHandler,
        QualifiedLeadsSubscription,
        HunterOpenDealsSubscription,
        AppointmentsLifecycle,
      ],
      exports: [AppointmentsLifecycle],
    };
  }
}

/** The appointments service with its own clock or settings (tests pass a virtual clock and env). */
export function createAppointmentsService(options: AppointmentsOptions = {}): ServiceDescriptor {
  @Module({ imports: [AppointmentsModule.forRoot(options)] })
  class AppointmentsServiceModule {}
  return { ...APPOINTMENTS_SERVICE, module: AppointmentsServiceModule };
}

export const appointmentsService: ServiceDescriptor = createAppointmentsService();
