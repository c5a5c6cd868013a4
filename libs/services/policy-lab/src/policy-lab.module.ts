import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { BacktestsController } from './api/backtests.controller';
import { LabApiService } from './api/lab-api.service';
import { PlanningController } from './api/planning.controller';
import { PolicyLabInfoController } from './policy-lab-info.controller';
import { loadPolicyLabConfig } from './policy-lab.config';
import { POLICY_LAB_SERVICE } from './policy-lab.service-info';
import { POLICY_LAB_CLOCK, POLICY_LAB_CONFIG } from './policy-lab.tokens';
import { ShadowCandidatesHandler } from './shadow/shadow-candidates.handler';
import { ShadowComparisonService } from './shadow/shadow-comparison.service';
import { ShadowRoutingSubscription } from './shadow/shadow-routing.subscription';
import { ShadowScoringSubscription } from './shadow/shadow-scoring.subscription';
import { ShadowsController } from './shadow/shadows.controller';
import { POLICY_LAB_MIGRATIONS } from './shadow/shadow.schema';

/**
 * The policy lab as a service: back-tests, preview, training and capacity planning over the
 * recorded history (read-only), and shadow candidates that record what they would have decided
 * beside the live scoring and routing (on the lab's own streams), for sales-ops deciding on a change.
 */
@Module({})
export class PolicyLabModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: PolicyLabModule,
      controllers: [
        PolicyLabInfoController,
        BacktestsController,
        PlanningController,
        ShadowsController,
        ShadowScoringSubscription,
        ShadowRoutingSubscription,
      ],
      providers: [
        ...serviceSettings(options, { clock: POLICY_LAB_CLOCK, config: POLICY_LAB_CONFIG }, loadPolicyLabConfig),
        LabApiService,
        ShadowCandidatesHandler,
        ShadowComparisonService,
      ],
    };
  }
}

/** The policy lab with its own clock or settings (tests pass them). */
export const createPolicyLabService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...POLICY_LAB_SERVICE,
  module: PolicyLabModule.forRoot(options),
  migrations: [POLICY_LAB_MIGRATIONS],
});

export const policyLabService: ServiceDescriptor = createPolicyLabService();
