import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { aeStats, salesEngineerStats, sdrStats } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { AeStatsDto, AeStatsQueryDto, SdrStatsDto, SdrStatsQueryDto } from './reps.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@Controller('metrics')
export class RepsController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('sdrs')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary: 'Per SDR and bucket: leads assigned, calls, emails, conversations, contact rate, qualified leads, appointments set',
  })
  @ApiOkResponse({ type: SdrStatsDto })
  @ApiBadParameters()
  async sdrs(@Query() query: SdrStatsQueryDto): Promise<SdrStatsDto> {
    const window = await this.reader.periodWindow(query);
    const rows = await sdrStats(this.reader.db, { ...window, sdrId: query.sdrId, team: query.team });
    return { ...echo(window), rows: rows.map(camelize) };
  }

  @Get('aes')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Per account executive: appointments booked and held (perform rate), demo move-forward rate, open deals, close rate, deal-failure rate, average deal size, margin and sales cycle; sales engineers’ close rate',
  })
  @ApiOkResponse({ type: AeStatsDto })
  @ApiBadParameters()
  async aes(@Query() query: AeStatsQueryDto): Promise<AeStatsDto> {
    const window = await this.reader.window(query);
    const [rows, engineers] = await Promise.all([
      aeStats(this.reader.db, { ...window, aeId: query.aeId }),
      salesEngineerStats(this.reader.db, window),
    ]);
    return { ...echo(window), rows: rows.map(camelize), salesEngineers: engineers.map(camelize) };
  }
}
