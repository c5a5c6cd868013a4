import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { campaigns, impliedLeadValues, marketingSla, sourceQuality, type LeadValueConfig, type SegmentQuota } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { CampaignsDto, CampaignsQueryDto, MarketingSlaDto, MarketingSlaQueryDto, SourceQualityDto, SourcesQueryDto } from './marketing.dto';
import { Roles } from '@leadline/platform';

/** `smb:50000,enterprise:200000` (the DTO has checked the shape). */
function parseQuotas(text: string | undefined): SegmentQuota[] {
  return (text ? text.split(',') : []).map((entry) => {
    const at = entry.lastIndexOf(':');
    return { segment: entry.slice(0, at), quota: Number(entry.slice(at + 1)) };
  });
}

/** `smb/demo-request:1200,...` */
function parseLeadValues(text: string | undefined): LeadValueConfig[] {
  return (text ? text.split(',') : []).map((entry) => {
    const at = entry.lastIndexOf(':');
    const [segment, source] = entry.slice(0, at).split('/');
    return { segment, source, value: Number(entry.slice(at + 1)) };
  });
}

@ApiTags('metrics')
@Controller('metrics')
export class MarketingController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('sources')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Source or list-vendor quality: lead-to-opportunity and close rates of the window’s leads against the historical rate of the others',
  })
  @ApiOkResponse({ type: SourceQualityDto })
  @ApiBadParameters()
  async sources(@Query() query: SourcesQueryDto): Promise<SourceQualityDto> {
    const by = query.by ?? 'source';
    const window = await this.reader.window(query);
    return { ...echo(window), by, rows: (await sourceQuality(this.reader.db, { ...window, by })).map(camelize) };
  }

  @Get('campaigns')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary: 'Campaigns: reach, positive reach, negative reach, callback and close rates of the leads captured in the window',
  })
  @ApiOkResponse({ type: CampaignsDto })
  @ApiBadParameters()
  async campaigns(@Query() query: CampaignsQueryDto): Promise<CampaignsDto> {
    const window = await this.reader.window(query);
    return { ...echo(window), rows: (await campaigns(this.reader.db, { ...window, campaignId: query.campaignId })).map(camelize) };
  }

  @Get('marketing-sla')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Marketing SLA per segment: implied value of the window’s leads (P(close | segment, lead type) × average deal size, or configured values) against the quota',
  })
  @ApiOkResponse({ type: MarketingSlaDto })
  @ApiBadParameters()
  async marketingSla(@Query() query: MarketingSlaQueryDto): Promise<MarketingSlaDto> {
    const window = await this.reader.window(query);
    const leadValues = parseLeadValues(query.leadValues);
    const [segments, values] = await Promise.all([
      marketingSla(this.reader.db, { ...window, leadValues, quotas: parseQuotas(query.quotas) }),
      impliedLeadValues(this.reader.db, { ...window, leadValues }),
    ]);
    return { ...echo(window), segments: segments.map(camelize), leadValues: values.map(camelize) };
  }
}
