import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { ROUTING_SERVICE } from './routing.service-info';

@ApiTags('routing')
@Controller('routing')
export class RoutingInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return ROUTING_SERVICE;
  }
}
