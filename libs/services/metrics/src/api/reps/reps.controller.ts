import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { aeStats, salesEngineerStats, sdrStats } from '../../queries';
import { MetricsReader } from '../queries/metrics-query.base';
import { camelize, echo } from '../queries/query-rows';
import { AeStatsDto, AeStatsQueryDto, SdrStatsDto, SdrStatsQueryDto } from './reps.dto';

@ApiTags('metrics')
@Controller('metrics')
export class RepsController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('sdrs')
  @ApiOperation({
    summary: 'Per SDR and bucket: leads assigned, calls, emails, conversations, contact rate, qualified leads, appointments set',
  })
  @ApiOkResponse({ type: SdrStatsDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async sdrs(@Query() query: SdrStatsQueryDto): Promise<SdrStatsDto> {
    const period = query.period ?? 'day';
    const window = this.reader.window(query, period);
    const rows = await sdrStats(this.reader.db, { ...window, period, sdrId: query.sdrId, team: query.team });
    return { ...echo(window), period, rows: rows.map(camelize) };
  }

  @Get('aes')
  @ApiOperation({
    summary:
      'Per account executive: appointments booked and held (perform rate), demo move-forward rate, open deals, close rate, deal-failure rate, average deal size, margin and sales cycle; sales engineers’ close rate',
  })
  @ApiOkResponse({ type: AeStatsDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async aes(@Query() query: AeStatsQueryDto): Promise<AeStatsDto> {
    const window = this.reader.window(query);
    const [rows, engineers] = await Promise.all([
      aeStats(this.reader.db, { ...window, aeId: query.aeId }),
      salesEngineerStats(this.reader.db, window),
    ]);
    return { ...echo(window), rows: rows.map(camelize), salesEngineers: engineers.map(camelize) };
  }
}
