import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto } from '@leadline/platform';
import { LEAD_INTAKE_SERVICE } from './lead-intake.service-info';

@ApiTags('lead-intake')
@Controller('lead-intake')
export class LeadIntakeInfoController {
  @Get('info')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return LEAD_INTAKE_SERVICE;
  }
}
