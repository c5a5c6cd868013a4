import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto } from '@leadline/platform';
import { ROUTING_SERVICE } from './routing.service-info';

@ApiTags('routing')
@Controller('routing')
export class RoutingInfoController {
  @Get('info')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return ROUTING_SERVICE;
  }
}
