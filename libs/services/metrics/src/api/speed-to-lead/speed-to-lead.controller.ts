import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_SLA_SECONDS, slaBreaches, speedToLead } from '../../read-models';
import { camelize, echo } from '../common/answer-rows';
import { ApiBadParameters } from '../common/api-bad-parameters';
import { MetricsReader } from '../common/metrics-reader';
import { SlaBreachesDto, SlaBreachesQueryDto, SpeedToLeadDto, SpeedToLeadQueryDto } from './speed-to-lead.dto';
import { Roles } from '@leadline/platform';

@ApiTags('metrics')
@Controller('metrics')
export class SpeedToLeadController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('speed-to-lead')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({
    summary:
      'Speed to lead per capture cohort and scope (inbound leads under the 5-minute rule; outbound, F-graded and vendor-held apart): time to first attempt and to first conversation (median, p90, share within the SLA), attempts per lead, breaches; overall, per team and per SDR',
  })
  @ApiOkResponse({ type: SpeedToLeadDto })
  @ApiBadParameters()
  async speedToLead(@Query() query: SpeedToLeadQueryDto): Promise<SpeedToLeadDto> {
    const slaSeconds = query.slaSeconds ?? DEFAULT_SLA_SECONDS;
    const window = await this.reader.periodWindow(query);
    const rows = await speedToLead(this.reader.db, { ...window, slaSeconds, team: query.team, sdrId: query.sdrId, scope: query.scope });
    return { ...echo(window), slaSeconds, rows: rows.filter((r) => !query.level || r.level === query.level).map(camelize) };
  }

  @Get('sla-breaches')
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiOperation({ summary: 'First-touch SLA breaches in [from, to) by breach time, as of asOf, newest first (paged)' })
  @ApiOkResponse({ type: SlaBreachesDto })
  @ApiBadParameters()
  async slaBreaches(@Query() query: SlaBreachesQueryDto): Promise<SlaBreachesDto> {
    const window = await this.reader.window(query);
    const page = { limit: query.limit ?? 100, offset: query.offset ?? 0 };
    const { total, rows } = await slaBreaches(this.reader.db, { ...window, ...page, sdrId: query.sdrId, team: query.team });
    return {
      ...echo(window),
      total,
      ...page,
      rows: rows.map((b) => ({
        ...camelize(b),
        leadId: b.lead_id ?? '',
        sdrId: b.sdr_id ?? '',
        slaDueAt: b.sla_due_at?.toISOString() ?? '',
      })),
    };
  }
}
