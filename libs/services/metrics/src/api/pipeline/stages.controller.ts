import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { timeInStageAverage, timeInStagePerDeal } from '../../queries';
import { MetricsReader } from '../queries/metrics-query.base';
import { camelize, echo } from '../queries/query-rows';
import { StagesDto, StagesQueryDto } from './stages.dto';

@ApiTags('metrics')
@Controller('metrics')
export class StagesController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('stages')
  @ApiOperation({ summary: 'Time in each opportunity stage, per deal and on average, for the deals opened in [from, to), as of asOf' })
  @ApiOkResponse({ type: StagesDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async stages(@Query() query: StagesQueryDto): Promise<StagesDto> {
    const window = this.reader.window(query);
    const [averages, deals] = await Promise.all([
      timeInStageAverage(this.reader.db, window),
      timeInStagePerDeal(this.reader.db, { ...window, opportunityId: query.opportunityId }),
    ]);
    const offset = query.offset ?? 0;
    const page = deals.slice(offset, offset + (query.limit ?? 100));
    return { ...echo(window), averages: averages.map(camelize), totalDeals: deals.length, deals: page.map(camelize) };
  }
}
