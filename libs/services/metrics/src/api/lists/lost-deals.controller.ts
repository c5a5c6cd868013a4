import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MetricsReader } from '../queries/metrics-query.base';
import { LostDealsDto, LostDealsQueryDto } from './lost-deals.dto';
import { LostDealsQuery } from './lost-deals.query';

@ApiTags('metrics')
@Controller('metrics')
export class LostDealsController {
  constructor(
    private readonly reader: MetricsReader,
    private readonly lost: LostDealsQuery,
  ) {}

  @Get('lost-deals')
  @ApiOperation({ summary: 'Deals lost in [from, to), as of asOf, with their reasons and the count per reason (paged, newest first)' })
  @ApiOkResponse({ type: LostDealsDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  lostDeals(@Query() query: LostDealsQueryDto): Promise<LostDealsDto> {
    const window = this.reader.window(query);
    return this.lost.list(window, { aeId: query.aeId, reason: query.reason, limit: query.limit ?? 100, offset: query.offset ?? 0 });
  }
}
