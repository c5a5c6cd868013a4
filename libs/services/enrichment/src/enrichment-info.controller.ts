import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto, Roles } from '@leadline/platform';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';

@ApiTags('enrichment')
@Controller('enrichment')
export class EnrichmentInfoController {
  @Get('info')
  @Roles('sales-ops', 'analyst')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return ENRICHMENT_SERVICE;
  }
}
