import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { leadFunnel } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { FUNNEL_DIMENSIONS, FunnelDto, FunnelQueryDto, type FunnelDimension } from './funnel.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@Controller('metrics')
export class FunnelController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('funnel')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary: 'Lead funnel per capture cohort: counts per stage and conversion between stages, lead-to-opportunity above all',
    description:
      'Leads captured in each bucket of [from, to), and how many reached each stage by asOf. Split by segment, source, vendor or campaign with `by`.',
  })
  @ApiOkResponse({ type: FunnelDto })
  @ApiBadParameters()
  async funnel(@Query() query: FunnelQueryDto): Promise<FunnelDto> {
    const window = await this.reader.periodWindow(query);
    const split = new Set((query.by ?? '').split(',').filter(Boolean) as FunnelDimension[]);
    const by = Object.fromEntries(FUNNEL_DIMENSIONS.map((d) => [d, split.has(d)]));
    const rows = await leadFunnel(this.reader.db, {
      ...window,
      by,
      segment: query.segment,
      source: query.source,
      vendorId: query.vendorId,
      campaignId: query.campaignId,
    });
    return { ...echo(window), rows: rows.map(camelize) };
  }
}
