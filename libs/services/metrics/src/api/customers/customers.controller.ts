import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerAcquisitionCost, customerManagerStats, customerMonths, lifetimeValue } from '../../queries';
import { MetricsReader } from '../queries/metrics-query.base';
import { camelize, echo } from '../queries/query-rows';
import { CustomersDto, CustomersQueryDto } from './customers.dto';

@ApiTags('metrics')
@Controller('metrics')
export class CustomerMetricsController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('customers')
  @ApiOperation({
    summary:
      'Customers: renewal and churn rate per month, LTV, CAC from recorded spend, customer managers’ clients and renewal rate (a year back by default)',
  })
  @ApiOkResponse({ type: CustomersDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async customers(@Query() query: CustomersQueryDto): Promise<CustomersDto> {
    const window = this.reader.window(query, 'month');
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
}
