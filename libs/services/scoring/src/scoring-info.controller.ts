import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { SCORING_SERVICE } from './scoring.service-info';

@ApiTags('scoring')
@Controller('scoring')
export class ScoringInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return SCORING_SERVICE;
  }
}
