import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SdrState } from '@leadline/domain';
import { RoutingErrorFilter } from '../shared/routing-error.filter';
import { RosterHandler } from './roster.handler';
import type { RosterEntry } from './roster.repository';
import { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';
import { ApiDomainErrors, ApiRoute, Caller, Idempotent, Roles, type Principal } from '@leadline/platform';
import { RosterEntryDto, SdrStateDto } from './sdr-state.dto';

@ApiTags('routing')
@Controller('sdrs')
@UseFilters(RoutingErrorFilter)
@ApiDomainErrors(RoutingErrorFilter)
export class RosterController {
  constructor(private readonly roster: RosterHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({ summary: 'Register an SDR on the roster', ok: SdrStateDto, status: 201, errors: [400] })
  register(@Body() dto: RegisterSdrDto): Promise<SdrState> {
    return this.roster.register(dto);
  }

  @Patch(':id')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @ApiRoute({ summary: "Change an SDR's profile (absent fields stay as they are)", ok: SdrStateDto, errors: [400] })
  update(@Param('id') id: string, @Body() dto: UpdateSdrDto, @Caller() caller: Principal): Promise<SdrState> {
    return this.roster.update(id, dto, caller);
  }

  @Post(':id/time-off')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({ summary: 'Schedule time off: the SDR gets no leads in that period', ok: SdrStateDto, status: 201, errors: [400] })
  timeOff(@Param('id') id: string, @Body() dto: TimeOffDto, @Caller() caller: Principal): Promise<SdrState> {
    return this.roster.scheduleTimeOff(id, dto, caller);
  }

  @Get()
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: 'The roster: every SDR with their load', ok: [RosterEntryDto] })
  list(@Caller() caller: Principal): Promise<RosterEntry[]> {
    return this.roster.list(caller);
  }
}
