import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fairness } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
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
  @ApiBadParameters()
  async fairness(@Query() query: FairnessQueryDto): Promise<FairnessDto> {
    const window = this.reader.window(query, 'month');
    return {
      ...echo(window),
      rows: (await fairness(this.reader.db, window)).map((row) => ({ ...camelize(row), creditedByAe: { ...row.credited_by_ae } })),
    };
  }
}
