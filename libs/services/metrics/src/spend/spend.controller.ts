import { Body, Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { SpendEntry } from '@leadline/domain';
import { MetricsErrorFilter } from './metrics-error.filter';
import { RecordSpendHandler, type SpendRecordResult } from './record-spend.handler';
import { RecordSpendDto, SpendEntryDto, SpendRecordResultDto, spendInputOf } from './spend.dto';
import { Idempotent, Roles } from '@leadline/platform';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('metrics: spend')
@Controller('metrics/spend')
@UseFilters(MetricsErrorFilter)
export class SpendController {
  constructor(private readonly spend: RecordSpendHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @ApiOperation({ summary: 'Record one spend entry (an event on spend-<spendId>), the input of CAC and cost per lead' })
  @ApiCreatedResponse({ type: SpendRecordResultDto, description: 'Recorded' })
  @ApiOkResponse({ type: SpendRecordResultDto, description: 'The same entry (id and values) was recorded before: nothing written' })
  @ApiBadRequestResponse({ description: 'Invalid entry; the message names every bad field' })
  @ApiConflictResponse({ description: 'The spend id was used for other values' })
  async record(@Body() dto: RecordSpendDto, @Res({ passthrough: true }) res: StatusResponse): Promise<SpendRecordResult> {
    const result = await this.spend.record(spendInputOf(dto));
    res.status(result.outcome === 'recorded' ? 201 : 200);
    return result;
  }

  @Get(':spendId')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'One recorded spend entry, from its stream' })
  @ApiOkResponse({ type: SpendEntryDto })
  @ApiNotFoundResponse()
  get(@Param('spendId') spendId: string): Promise<SpendEntry> {
    return this.spend.get(spendId);
  }
}
