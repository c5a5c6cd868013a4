import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { METRICS_SERVICE } from './metrics.service-info';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return METRICS_SERVICE;
  }
}
