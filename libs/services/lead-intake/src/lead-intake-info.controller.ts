import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';

@ApiTags('lead-intake')
@Controller('lead-intake')
export class LeadIntakeInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return LEAD_INTAKE_SERVICE;
  }
}
