import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { APPOINTMENTS_SERVICE } from './appointments.service-info';

@ApiTags('appointments')
@Controller('appointments')
export class AppointmentsInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return APPOINTMENTS_SERVICE;
  }
}
