import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { lostDeals, lostReasons, pipelineValue, STAGE_WEIGHTS, timeInStageAverage, timeInStagePerDeal } from '../../read-models';
import { camelize, echo, echoScope } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { LostDealsDto, LostDealsQueryDto, PipelineValueDto, PipelineValueQueryDto, StagesDto, StagesQueryDto } from './pipeline.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@Controller('metrics')
export class PipelineController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('stages')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'Time in each opportunity stage, per deal and on average, for the deals opened in [from, to), as of asOf' })
  @ApiOkResponse({ type: StagesDto })
  @ApiBadParameters()
  async stages(@Query() query: StagesQueryDto): Promise<StagesDto> {
    const window = await this.reader.window(query);
    const [averages, deals] = await Promise.all([
      timeInStageAverage(this.reader.db, window),
      timeInStagePerDeal(this.reader.db, { ...window, opportunityId: query.opportunityId }),
    ]);
    const offset = query.offset ?? 0;
    const page = deals.slice(offset, offset + (query.limit ?? 100));
    return { ...echo(window), averages: averages.map(camelize), totalDeals: deals.length, deals: page.map(camelize) };
  }

  @Get('pipeline-value')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Open pipeline value per stage as of asOf: deals, amount estimates (average won deal of the segment; no event gives an open deal an amount) and the value weighted by stage',
  })
  @ApiOkResponse({ type: PipelineValueDto })
  @ApiBadParameters()
  async pipelineValue(@Query() query: PipelineValueQueryDto): Promise<PipelineValueDto> {
    const scope = await this.reader.scope(query);
    const stages = await pipelineValue(this.reader.db, { ...scope, aeId: query.aeId, segment: query.segment });
    return { ...echoScope(scope), stageWeights: { ...STAGE_WEIGHTS }, stages: stages.map(camelize) };
  }

  @Get('lost-deals')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'Deals lost in [from, to), as of asOf, with their reasons and the count per reason (paged, newest first)' })
  @ApiOkResponse({ type: LostDealsDto })
  @ApiBadParameters()
  async lostDeals(@Query() query: LostDealsQueryDto): Promise<LostDealsDto> {
    const filter = { ...(await this.reader.window(query)), aeId: query.aeId, reason: query.reason };
    const page = { limit: query.limit ?? 100, offset: query.offset ?? 0 };
    const [deals, reasons] = await Promise.all([lostDeals(this.reader.db, { ...filter, ...page }), lostReasons(this.reader.db, filter)]);
    return {
      ...echo(filter),
      total: deals.total,
      ...page,
      byReason: reasons.map((r) => ({ reason: r.reason ?? '', deals: r.lost })),
      rows: deals.rows.map((o) => ({
        ...camelize(o),
        leadId: o.lead_id ?? '',
        aeId: o.ae_id ?? '',
        openedAt: o.opened_at?.toISOString() ?? '',
        reason: o.reason ?? '',
        hopeless: o.hopeless ?? false,
        daysOpen: o.days_open ?? 0,
      })),
    };
  }
}
