import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { speedToLead } from '../../queries/speed-to-lead.query';
import { SlaBreachesDto, SlaBreachesQueryDto } from '../lists/sla-breaches.dto';
import { SlaBreachesQuery } from '../lists/sla-breaches.query';
import { MetricsReader } from '../queries/metrics-query.base';
import { SpeedToLeadDto, SpeedToLeadQueryDto } from './speed-to-lead.dto';

@ApiTags('metrics')
@Controller('metrics')
export class SpeedToLeadController {
  constructor(
    private readonly reader: MetricsReader,
    private readonly breaches: SlaBreachesQuery,
  ) {}

  @Get('speed-to-lead')
  @ApiOperation({
    summary:
      'Speed to lead per capture cohort: median and p90 first-touch latency, share within the SLA, breaches; overall, per team and per SDR',
  })
  @ApiOkResponse({ type: SpeedToLeadDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async speedToLead(@Query() query: SpeedToLeadQueryDto): Promise<SpeedToLeadDto> {
    const period = query.period ?? 'day';
    const slaSeconds = query.slaSeconds ?? 300;
    const window = this.reader.window(query, period);
    const rows = await speedToLead(this.reader.db, { ...window, period, slaSeconds, team: query.team, sdrId: query.sdrId });
    return {
      asOf: window.asOf.toISOString(),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      period,
      slaSeconds,
      rows: rows
        .filter((r) => !query.level || r.level === query.level)
        .map((r) => ({
          bucket: r.bucket,
          level: r.level,
          team: r.team,
          sdrId: r.sdr_id,
          leads: r.leads,
          touched: r.touched,
          medianSeconds: r.median_seconds,
          p90Seconds: r.p90_seconds,
          withinSla: r.within_sla,
          shareWithinSla: r.share_within_sla,
          breaches: r.breaches,
        })),
    };
  }

  @Get('sla-breaches')
  @ApiOperation({ summary: 'First-touch SLA breaches in [from, to) by breach time, as of asOf, newest first (paged)' })
  @ApiOkResponse({ type: SlaBreachesDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  slaBreaches(@Query() query: SlaBreachesQueryDto): Promise<SlaBreachesDto> {
    const window = this.reader.window(query);
    return this.breaches.list(window, { sdrId: query.sdrId, team: query.team, limit: query.limit ?? 100, offset: query.offset ?? 0 });
  }
}
