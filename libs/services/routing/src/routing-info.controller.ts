import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { ROUTING_SERVICE } from './routing.service-info';

@ApiTags('routing')
@Controller('routing')
export class RoutingInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return ROUTING_SERVICE;
  }
}
