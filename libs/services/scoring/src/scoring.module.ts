import { Module, type DynamicModule } from '@nestjs/common';
import { serviceSettings, type ServiceDescriptor, type ServiceOptions } from '@leadline/platform';
import { ActiveScoringModel } from './model/active-model';
import { CurrentModelController } from './model/current-model.controller';
import { ModelPromotionsSubscription } from './model/model-promotions.subscription';
import { loadScoringConfig } from './model/scoring.config';
import { LeadEnrichedSubscription } from './score-lead/lead-enriched.subscription';
import { ScoringInfoController } from './scoring-info.controller';
import { SCORING_SERVICE } from './scoring.service-info';
import { SCORING_CLOCK, SCORING_CONFIG } from './scoring.tokens';

/** Scores enriched leads against the ideal customer profile: grade A/B/C/F with reasons; F to the recycle pool. */
@Module({})
export class ScoringModule {
  static forRoot(options: ServiceOptions = {}): DynamicModule {
    return {
      module: ScoringModule,
      controllers: [ScoringInfoController, CurrentModelController, LeadEnrichedSubscription, ModelPromotionsSubscription],
      providers: [...serviceSettings(options, { clock: SCORING_CLOCK, config: SCORING_CONFIG }, loadScoringConfig), ActiveScoringModel],
    };
  }
}

/** The scoring service with its own clock or settings (tests and simulations). */
export const createScoringService = (options: ServiceOptions = {}): ServiceDescriptor => ({
  ...SCORING_SERVICE,
  module: ScoringModule.forRoot(options),
});

export const scoringService: ServiceDescriptor = createScoringService();
