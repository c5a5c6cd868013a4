import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fairness } from '../../queries';
import { MetricsReader } from '../queries/metrics-query.base';
import { camelize, echo } from '../queries/query-rows';
import { FairnessDto, FairnessQueryDto } from './fairness.dto';

@ApiTags('metrics')
@Controller('metrics')
export class FairnessController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('fairness')
  @ApiOperation({
    summary:
      "Appointment distribution fairness among AEs per credit month: counts, max − min, Jain's index (months starting in the window; a year back by default)",
  })
  @ApiOkResponse({ type: FairnessDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async fairness(@Query() query: FairnessQueryDto): Promise<FairnessDto> {
    const window = this.reader.window(query, 'month');
    return {
      ...echo(window),
      rows: (await fairness(this.reader.db, window)).map((row) => ({ ...camelize(row), creditedByAe: { ...row.credited_by_ae } })),
    };
  }
}
