import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { AssignLeadSubscription } from './assignment/assign-lead.subscription';
import { UnroutedSweep } from './assignment/unrouted.sweep';
import { AssignmentExplanationController } from './explanation/assignment-explanation.controller';
import { LeadWorkController } from './lead-work/lead-work.controller';
import { LeadWorkHandler } from './lead-work/lead-work.handler';
import { NotificationProcessor } from './notify/notification.processor';
import { ActiveRoutingPolicy } from './policy/active-policy';
import { PolicyPromotionsSubscription } from './policy/policy-promotions.subscription';
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
import { ReleasedHoldsDrain } from './vendor/released-holds.drain';
import { VendorHoldsSubscription } from './vendor/vendor-holds.subscription';
import { SCHEDULING_MIGRATIONS } from '@leadline/scheduling';
import { ROUTING_MIGRATIONS } from './routing.schema';

@Module({})
export class RoutingModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: RoutingModule,
      controllers: [
        RoutingInfoController,
        RosterController,
        LeadWorkController,
        AssignmentExplanationController,
        AssignLeadSubscription,
        RecycledLeadSubscription,
        VendorHoldsSubscription,
        SlaBreachProcessor,
        RecycleReopenProcessor,
        NotificationProcessor,
        PolicyPromotionsSubscription,
      ],
      providers: [
        ...serviceSettings(options, { clock: ROUTING_CLOCK, config: ROUTING_CONFIG }, loadRoutingConfig),
        RosterHandler,
        LeadWorkHandler,
        UnroutedSweep,
        ReleasedHoldsDrain,
        RoutingLifecycle,
        ActiveRoutingPolicy,
      ],
    };
  }
}

/** The routing service with its own clock or settings (tests pass a virtual clock and env). */
export const createRoutingService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...ROUTING_SERVICE,
  module: RoutingModule.forRoot(options),
  migrations: [SCHEDULING_MIGRATIONS, ROUTING_MIGRATIONS],
});

export const routingService: ServiceDescriptor = createRoutingService();
