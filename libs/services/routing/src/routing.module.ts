import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import type { ServiceDescriptor } from '@leadline/platform';
import { systemClock } from '@leadline/scheduling';
import { AssignLeadSubscription } from './assignment/assign-lead.subscription';
import { UnroutedSweep } from './assignment/unrouted.sweep';
import { AssignmentExplanationController } from './explanation/assignment-explanation.controller';
import { LeadWorkController } from './lead-work/lead-work.controller';
import { LeadWorkHandler } from './lead-work/lead-work.handler';
import { NotificationProcessor } from './notify/notification.processor';
import { RosterController } from './roster/roster.controller';
import { RosterHandler } from './roster/roster.handler';
import { loadRoutingConfig } from './routing.config';
import { RoutingInfoController } from './routing-info.controller';
import { RoutingLifecycle } from './routing.lifecycle';
import { ROUTING_SERVICE } from './routing.service-info';
import { ROUTING_CLOCK, ROUTING_CONFIG } from './routing.tokens';
import { RecycleReopenProcessor } from './recycle/recycle-reopen.processor';
import { RecycledLeadSubscription } from './recycle/recycled-lead.subscription';
import { SlaBreachProcessor } from './sla/sla-breach.processor';
import { VendorHoldsSubscription } from './vendor/vendor-holds.subscription';

export interface RoutingOptions {
  /** Virtual time for tests and simulations; the system clock by default. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

@Module({})
export class RoutingModule {
  static forRoot(options: RoutingOptions = {}): DynamicModule {
    return {
      module: RoutingModule,
      controllers: [RoutingInfoController, RosterController, LeadWorkController, AssignmentExplanationController],
      providers: [
        { provide: ROUTING_CONFIG, useFactory: () => loadRoutingConfig(options.env ?? process.env) },
        { provide: ROUTING_CLOCK, useValue: options.clock ?? systemClock },
        RosterHandler,
        LeadWorkHandler,
        AssignLeadSubscription,
        UnroutedSweep,
        SlaBreachProcessor,
        RecycledLeadSubscription,
        RecycleReopenProcessor,
        VendorHoldsSubscription,
        NotificationProcessor,
        RoutingLifecycle,
      ],
      exports: [RoutingLifecycle],
    };
  }
}

/** The routing service with its own clock or settings (tests pass a virtual clock and env). */
export function createRoutingService(options: RoutingOptions = {}): ServiceDescriptor {
  @Module({ imports: [RoutingModule.forRoot(options)] })
  class RoutingServiceModule {}
  return { ...ROUTING_SERVICE, module: RoutingServiceModule };
}

export const routingService: ServiceDescriptor = createRoutingService();
