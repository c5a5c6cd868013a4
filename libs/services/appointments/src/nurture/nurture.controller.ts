import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { NurtureState } from '@leadline/domain';
import { PipelineErrorFilter } from '../opportunities/shared/pipeline-error.filter';
import { isoTime } from '@leadline/event-store';
import { NurtureProspectDto } from './nurture.dto';
import { NurtureHandler } from './nurture.handler';
import type { NurtureRow } from './nurture.repository';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { NurtureRowDto, NurtureStateDto } from './nurture-responses.dto';

const STATUSES: readonly NurtureRow['status'][] = ['nurtured', 'returned', 'recycled'];

@ApiTags('nurture')
@Controller()
@UseFilters(PipelineErrorFilter)
@ApiDomainErrors(PipelineErrorFilter)
export class NurtureController {
  constructor(private readonly nurture: NurtureHandler) {}

  @Post('leads/:id/nurture')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Nurture a prospect who is not ready: it returns to its AE by a date (at most a year out)',
    ok: NurtureStateDto,
    status: 201,
    errors: [400],
  })
  nurtureLead(@Param('id') leadId: string, @Body() dto: NurtureProspectDto): Promise<NurtureState> {
    return this.nurture.nurture(leadId, dto);
  }

  /** Back to the ORIGINAL account executive, whoever asks. */
  @Post('leads/:id/nurture/return')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Return a nurtured prospect to its original AE, whoever asks', ok: NurtureStateDto })
  returnLead(@Param('id') leadId: string): Promise<NurtureState> {
    return this.nurture.returnToAe(leadId);
  }

  /** The hugger queue (default), or the returned or recycled leads. */
  @Get('nurture')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiRoute({ summary: 'The nurture queue (default), or the returned or recycled leads', ok: [NurtureRowDto] })
  async list(@Query('status') status?: string) {
    const rows = await this.nurture.list(STATUSES.includes(status as NurtureRow['status']) ? (status as NurtureRow['status']) : 'nurtured');
    return rows.map((row) => ({
      leadId: row.lead_id,
      status: row.status,
      originalAeId: row.original_ae_id,
      returnBy: isoTime(row.return_by),
      reason: row.reason,
      nurturedAt: isoTime(row.nurtured_at),
      returnedAt: isoTime(row.returned_at),
      recycledAt: isoTime(row.recycled_at),
      availableToOutboundAt: isoTime(row.available_to_outbound_at),
    }));
  }
}
