import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { PipelineErrorFilter } from './shared/pipeline-error.filter';
import { isoTime } from '@leadline/event-store';
import { ChangeStageDto, LoseOpportunityDto, WinOpportunityDto } from './opportunity.dto';
import { OpportunityHandler, type OpportunityView } from './opportunity.handler';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles, Caller, type Principal } from '@leadline/platform';
import { OpportunitySummaryDto, OpportunityViewDto } from './opportunity-view.dto';

@ApiTags('opportunities')
@Controller('opportunities')
@UseFilters(PipelineErrorFilter)
@ApiDomainErrors(PipelineErrorFilter)
export class OpportunityController {
  constructor(private readonly opportunities: OpportunityHandler) {}

  /** The lead's current opportunity (its id, owner and stage). */
  @Get()
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiQuery({ name: 'leadId', required: true })
  @ApiRoute({
    summary: "The lead's current opportunity: its id, owner and stage",
    ok: OpportunitySummaryDto,
    errors: [[404, 'The lead has no opportunity.']],
  })
  async forLead(@Caller() caller: Principal, @Query('leadId') leadId: string) {
    const row = leadId ? await this.opportunities.forLead(leadId, caller) : null;
    if (!row) throw new NotFoundException(`no opportunity for lead ${leadId}`);
    return {
      opportunityId: row.opportunity_id,
      leadId: row.lead_id,
      aeId: row.ae_id,
      status: row.status,
      stage: row.stage,
      openedAt: isoTime(row.opened_at),
    };
  }

  @Get(':id')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({ summary: 'One opportunity with its time in each stage and how it closed', ok: OpportunityViewDto })
  view(@Param('id') id: string, @Caller() caller: Principal): Promise<OpportunityView> {
    return this.opportunities.view(id, caller);
  }

  @Post(':id/stage')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Move the opportunity to another open stage', ok: OpportunityViewDto, errors: [400] })
  stage(@Param('id') id: string, @Body() dto: ChangeStageDto, @Caller() caller: Principal): Promise<OpportunityView> {
    return this.opportunities.changeStage(id, dto.to, caller);
  }

  @Post(':id/win')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Win the opportunity: amount, margin and contract term (a customer is created)',
    ok: OpportunityViewDto,
    errors: [400],
  })
  win(@Param('id') id: string, @Body() dto: WinOpportunityDto, @Caller() caller: Principal): Promise<OpportunityView> {
    return this.opportunities.win(id, dto, caller);
  }

  @Post(':id/lose')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Lose the opportunity (hopeless: the lead is recycled to the lead database)',
    ok: OpportunityViewDto,
    errors: [400],
  })
  lose(@Param('id') id: string, @Body() dto: LoseOpportunityDto, @Caller() caller: Principal): Promise<OpportunityView> {
    return this.opportunities.lose(id, dto, caller);
  }
}
