import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';

@ApiTags('lead-intake')
@Controller('lead-intake')
export class LeadIntakeInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return LEAD_INTAKE_SERVICE;
  }
}
