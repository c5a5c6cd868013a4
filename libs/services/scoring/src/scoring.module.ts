import { Module } from '@nestjs/common';
import type { ServiceDescriptor } from '@leadline/platform';
import { ScoringInfoController } from './scoring-info.controller';
import { SCORING_SERVICE } from './scoring.service-info';

@Module({
  controllers: [ScoringInfoController],
})
export class ScoringModule {}

export const scoringService: ServiceDescriptor = { ...SCORING_SERVICE, module: ScoringModule };
