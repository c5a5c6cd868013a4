import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fairness } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { FairnessDto, FairnessQueryDto, SetAsideDto } from './fairness.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@ApiExtraModels(SetAsideDto)
@Controller('metrics')
export class FairnessController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('fairness')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      "Appointment distribution fairness per credit month and peer group of equally available AEs (as the strict booking rule groups them): counts, max − min, Jain's index; the whole roster beside (months starting in the window; a year back by default)",
  })
  @ApiOkResponse({ type: FairnessDto })
  @ApiBadParameters()
  async fairness(@Query() query: FairnessQueryDto): Promise<FairnessDto> {
    const window = await this.reader.window(query, 'month');
    const rows = await fairness(this.reader.db, { ...window, peerGroup: query.peerGroup });
    const answer = rows.map(({ level, peer_group, set_aside, ...row }) => ({
      level,
      peerGroup: peer_group,
      setAside: { ...set_aside },
      ...camelize(row),
      creditedByAe: { ...row.credited_by_ae },
    }));
    return {
      ...echo(window),
      groups: answer.filter((r) => r.level === 'peer-group').map(({ level: _level, ...r }) => r),
      roster: answer.filter((r) => r.level === 'roster').map(({ level: _level, peerGroup: _group, setAside: _aside, ...r }) => r),
    };
  }
}
