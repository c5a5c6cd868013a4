import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto } from '@leadline/platform';
import { ENRICHMENT_SERVICE } from './enrichment.service-info';

@ApiTags('enrichment')
@Controller('enrichment')
export class EnrichmentInfoController {
  @Get('info')
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return ENRICHMENT_SERVICE;
  }
}
