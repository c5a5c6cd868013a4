import { Body, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { SpendEntry } from '@leadline/domain';
import { MetricsErrorFilter } from './metrics-error.filter';
import { RecordSpendHandler, type SpendRecordResult } from './record-spend.handler';
import { RecordSpendDto, SpendEntryDto, SpendRecordResultDto, spendInputOf } from './spend.dto';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('metrics: spend')
@Controller('metrics/spend')
@UseFilters(MetricsErrorFilter)
@ApiDomainErrors(MetricsErrorFilter)
export class SpendController {
  constructor(private readonly spend: RecordSpendHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @ApiRoute({
    summary: 'Record one spend entry (an event on spend-<spendId>), the input of CAC and cost per lead',
    ok: SpendRecordResultDto,
    okDescription: 'The same entry (id and values) was recorded before: nothing written',
    errors: [
      [400, 'Invalid entry; the message names every bad field.'],
      [409, '`spend-exists`: the spend id was used for other values.'],
    ],
  })
  @ApiCreatedResponse({ type: SpendRecordResultDto, description: 'Recorded' })
  async record(@Body() dto: RecordSpendDto, @Res({ passthrough: true }) res: StatusResponse): Promise<SpendRecordResult> {
    const result = await this.spend.record(spendInputOf(dto));
    res.status(result.outcome === 'recorded' ? 201 : 200);
    return result;
  }

  @Get(':spendId')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: 'One recorded spend entry, from its stream', ok: SpendEntryDto })
  get(@Param('spendId') spendId: string): Promise<SpendEntry> {
    return this.spend.get(spendId);
  }
}
