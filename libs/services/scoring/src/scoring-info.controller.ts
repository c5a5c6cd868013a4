import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { SCORING_SERVICE } from './scoring.service-info';

@ApiTags('scoring')
@Controller('scoring')
export class ScoringInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return SCORING_SERVICE;
  }
}
