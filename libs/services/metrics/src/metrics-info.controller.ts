import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { METRICS_SERVICE } from './metrics.service-info';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return METRICS_SERVICE;
  }
}
