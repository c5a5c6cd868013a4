import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { cacByChannel, customerAcquisitionCost, customerManagerStats, customerMonths, lifetimeValue } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { CacBreakdownDto, CacQueryDto, CustomersDto, CustomersQueryDto } from './customers.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@Controller('metrics')
export class CustomerMetricsController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('customers')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Customers: renewal and churn rate per month, LTV, CAC from recorded spend, customer managers’ clients and renewal rate (a year back by default)',
  })
  @ApiOkResponse({ type: CustomersDto })
  @ApiBadParameters()
  async customers(@Query() query: CustomersQueryDto): Promise<CustomersDto> {
    const window = await this.reader.window(query, 'month');
    const db = this.reader.db;
    const [months, ltv, cac, managers] = await Promise.all([
      customerMonths(db, window),
      lifetimeValue(db, window),
      customerAcquisitionCost(db, window),
      customerManagerStats(db, window),
    ]);
    return {
      ...echo(window),
      months: months.map(camelize),
      lifetimeValue: ltv.map(camelize),
      cac: cac.map(camelize),
      managers: managers.map(camelize),
    };
  }

  @Get('cac')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'CAC and cost per qualified lead per spend month by channel and campaign: the slice’s spend over the customers (qualified leads) of the month whose lead matches the source, vendor or campaign its spend names (a year back by default)',
  })
  @ApiOkResponse({ type: CacBreakdownDto })
  @ApiBadParameters()
  async cac(@Query() query: CacQueryDto): Promise<CacBreakdownDto> {
    const window = await this.reader.window(query, 'month');
    const split = new Set((query.by ?? 'channel,campaign').split(','));
    const rows = await cacByChannel(this.reader.db, {
      ...window,
      by: { channel: split.has('channel'), campaign: split.has('campaign') },
      channel: query.channel,
      campaignId: query.campaignId,
    });
    return { ...echo(window), rows: rows.map(camelize) };
  }
}
