import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { CUSTOMER_SUCCESS_SERVICE } from './customer-success.service-info';

@ApiTags('customer-success')
@Controller('customer-success')
export class CustomerSuccessInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return CUSTOMER_SUCCESS_SERVICE;
  }
}
