import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { APPOINTMENTS_SERVICE } from './appointments.service-info';

@ApiTags('appointments')
@Controller('appointments')
export class AppointmentsInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return APPOINTMENTS_SERVICE;
  }
}
