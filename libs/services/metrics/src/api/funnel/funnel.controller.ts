import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { leadFunnel, type LeadFunnelRow } from '../../queries/funnel.query';
import { MetricsReader } from '../queries/metrics-query.base';
import { FUNNEL_DIMENSIONS, FunnelDto, FunnelQueryDto, type FunnelDimension, type FunnelRowDto } from './funnel.dto';

@ApiTags('metrics')
@Controller('metrics')
export class FunnelController {
  constructor(private readonly reader: MetricsReader) {}

  @Get('funnel')
  @ApiOperation({
    summary: 'Lead funnel per capture cohort: counts per stage and conversion between stages, lead-to-opportunity above all',
    description:
      'Leads captured in each bucket of [from, to), and how many reached each stage by asOf. Split by segment, source, vendor or campaign with `by`.',
  })
  @ApiOkResponse({ type: FunnelDto })
  @ApiBadRequestResponse({ description: 'A bad parameter; the message names it' })
  async funnel(@Query() query: FunnelQueryDto): Promise<FunnelDto> {
    const period = query.period ?? 'day';
    const window = this.reader.window(query, period);
    const split = new Set((query.by ?? '').split(',').filter(Boolean) as FunnelDimension[]);
    const by = Object.fromEntries(FUNNEL_DIMENSIONS.map((d) => [d, split.has(d)]));
    const rows = await leadFunnel(this.reader.db, {
      ...window,
      period,
      by,
      segment: query.segment,
      source: query.source,
      vendorId: query.vendorId,
      campaignId: query.campaignId,
    });
    return {
      asOf: window.asOf.toISOString(),
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      period,
      rows: rows.map(funnelRow),
    };
  }
}

function funnelRow(r: LeadFunnelRow): FunnelRowDto {
  return {
    bucket: r.bucket,
    segment: r.segment,
    source: r.source,
    vendorId: r.vendor_id,
    campaignId: r.campaign_id,
    captured: r.captured,
    contacted: r.contacted,
    qualified: r.qualified,
    appointment: r.appointment,
    opportunity: r.opportunity,
    won: r.won,
    capturedToContacted: r.captured_to_contacted,
    contactedToQualified: r.contacted_to_qualified,
    qualifiedToAppointment: r.qualified_to_appointment,
    appointmentToOpportunity: r.appointment_to_opportunity,
    opportunityToWon: r.opportunity_to_won,
    leadToOpportunity: r.lead_to_opportunity,
    leadToWon: r.lead_to_won,
  };
}
