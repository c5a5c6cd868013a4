import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IcpModel } from '@leadline/domain';
import { SCORING_MODEL } from './scoring.config';

@ApiTags('scoring')
@Controller('scoring/models')
export class CurrentModelController {
  constructor(@Inject(SCORING_MODEL) private readonly model: IcpModel) {}

  @Get('current')
  @ApiOkResponse({ description: 'The ICP model new leads are scored with: id, version, weights, bands, fits and grade thresholds.' })
  current(): IcpModel {
    return this.model;
  }
}
