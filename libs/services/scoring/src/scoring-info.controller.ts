import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto } from '@leadline/platform';
import { SCORING_SERVICE } from './scoring.service-info';

@ApiTags('scoring')
@Controller('scoring')
export class ScoringInfoController {
  @Get('info')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return SCORING_SERVICE;
  }
}
