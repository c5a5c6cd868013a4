import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute, Roles, ServiceInfoDto } from '@leadline/platform';
import { POLICY_LAB_SERVICE } from './policy-lab.service-info';

@ApiTags('policy-lab')
@Controller('policy-lab')
export class PolicyLabInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiRoute({ summary: 'The policy-lab service: its name and the stream categories it owns', ok: ServiceInfoDto })
  info(): ServiceInfoDto {
    return POLICY_LAB_SERVICE;
  }
}
