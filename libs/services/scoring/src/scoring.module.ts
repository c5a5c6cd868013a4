import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { IcpModel } from '@leadline/domain';
import type { EventTransport } from '@leadline/messaging';
import { EVENT_TRANSPORT, type ServiceDescriptor } from '@leadline/platform';
import { CurrentModelController } from './model/current-model.controller';
import { loadScoringModel, SCORING_MODEL } from './model/scoring.config';
import { scoreOnEnrichment } from './score-lead/lead-enriched.subscription';
import { ScoringInfoController } from './scoring-info.controller';
import { SCORING_SERVICE } from './scoring.service-info';

@Module({
  controllers: [ScoringInfoController, CurrentModelController],
  // Validated when the module starts: an invalid model file stops the process with its problems listed.
  providers: [{ provide: SCORING_MODEL, useFactory: (): IcpModel => loadScoringModel(process.env) }],
})
export class ScoringModule implements OnModuleInit {
  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(SCORING_MODEL) private readonly model: IcpModel,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(scoreOnEnrichment(this.model));
  }
}

export const scoringService: ServiceDescriptor = { ...SCORING_SERVICE, module: ScoringModule };
