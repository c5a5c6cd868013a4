import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiServiceInfo, ServiceInfoDto, Roles } from '@leadline/platform';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';

@ApiTags('enrichment')
@Controller('enrichment')
export class EnrichmentInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiServiceInfo()
  info(): ServiceInfoDto {
    return ENRICHMENT_SERVICE;
  }
}
