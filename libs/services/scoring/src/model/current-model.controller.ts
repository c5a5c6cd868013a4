import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IcpModel } from '@leadline/domain';
import { SCORING_CONFIG } from '../scoring.tokens';
import type { ScoringConfig } from './scoring.config';
import { Roles } from '@leadline/platform';

@ApiTags('scoring')
@Controller('scoring/models')
export class CurrentModelController {
  constructor(@Inject(SCORING_CONFIG) private readonly config: ScoringConfig) {}

  @Get('current')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOkResponse({ description: 'The ICP model new leads are scored with: id, version, weights, bands, fits and grade thresholds.' })
  current(): IcpModel {
    return this.config.model;
  }
}
