import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { IcpModel } from '@leadline/domain';
import { EVENT_STORE, type EventStoreReader } from '@leadline/event-store';
import { activeScoringModel } from './active-model';
import { SCORING_CONFIG } from '../scoring.tokens';
import type { ScoringConfig } from './scoring.config';
import { ApiRoute, Roles } from '@leadline/platform';
import { IcpModelDto } from './icp-model.dto';

@ApiTags('scoring')
@Controller('scoring/models')
export class CurrentModelController {
  constructor(
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(EVENT_STORE) private readonly store: EventStoreReader,
  ) {}

  @Get('current')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({
    summary: 'The ICP model new leads are scored with: id, version, weights, bands, fits and grade thresholds',
    ok: IcpModelDto,
    errors: [],
  })
  current(): Promise<IcpModel> {
    return activeScoringModel(this.store, this.config.model);
  }
}
