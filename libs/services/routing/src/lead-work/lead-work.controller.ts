import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AssignmentEvent } from '@leadline/domain';
import { ApiDomainErrors, ApiRoute, Caller, IdempotencyScope, Idempotent, Roles, type Principal } from '@leadline/platform';
import { RoutingErrorFilter } from '../shared/routing-error.filter';
import { AssignmentEventDto, LogActivityDto, ReasonDto } from './lead-work.dto';
import { LeadWorkHandler } from './lead-work.handler';

@ApiTags('routing')
@Controller('leads/:id')
@UseFilters(RoutingErrorFilter)
@ApiDomainErrors(RoutingErrorFilter)
export class LeadWorkController {
  constructor(private readonly work: LeadWorkHandler) {}

  @Post('activities')
  @Roles('sales-ops', 'manager', 'rep')
  @HttpCode(201)
  @Idempotent()
  @ApiRoute({
    summary: "Log a call, email or social touch on the lead (the first one meets the owner's first-touch SLA)",
    ok: AssignmentEventDto,
    status: 201,
    errors: [400],
  })
  activity(
    @Param('id') leadId: string,
    @Body() dto: LogActivityDto,
    @Caller() caller: Principal,
    @IdempotencyScope() scope?: string,
  ): Promise<AssignmentEvent> {
    return this.work.logActivity(leadId, dto, scope, caller);
  }

  @Post('qualify')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Qualify the lead: it goes on to appointments', ok: AssignmentEventDto, errors: [400] })
  qualify(@Param('id') leadId: string, @Body() dto: ReasonDto, @Caller() caller: Principal): Promise<AssignmentEvent> {
    return this.work.close(leadId, true, dto.reason, caller);
  }

  @Post('disqualify')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Disqualify the lead: it closes (and may be recycled later)', ok: AssignmentEventDto, errors: [400] })
  disqualify(@Param('id') leadId: string, @Body() dto: ReasonDto, @Caller() caller: Principal): Promise<AssignmentEvent> {
    return this.work.close(leadId, false, dto.reason, caller);
  }
}
