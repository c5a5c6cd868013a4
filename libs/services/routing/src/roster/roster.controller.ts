import { Body, Controller, Param, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SdrState } from '@leadline/domain';
import { RoutingErrorFilter } from '../shared/routing-error.filter';
import { RosterHandler } from './roster.handler';
import type { RosterEntry } from './roster.repository';
import { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';
import { ApiDomainErrors, Caller, RosterRoute, type Principal } from '@leadline/platform';
import { RosterEntryDto, SdrStateDto } from './sdr-state.dto';

@ApiTags('routing')
@Controller('sdrs')
@UseFilters(RoutingErrorFilter)
@ApiDomainErrors(RoutingErrorFilter)
export class RosterController {
  constructor(private readonly roster: RosterHandler) {}

  @RosterRoute.register('Register an SDR on the roster', SdrStateDto)
  register(@Body() dto: RegisterSdrDto): Promise<SdrState> {
    return this.roster.register(dto);
  }

  @RosterRoute.update("Change an SDR's profile (absent fields stay as they are)", SdrStateDto)
  update(@Param('id') id: string, @Body() dto: UpdateSdrDto, @Caller() caller: Principal): Promise<SdrState> {
    return this.roster.update(id, dto, caller);
  }

  @RosterRoute.timeOff('Schedule time off: the SDR gets no leads in that period', SdrStateDto)
  timeOff(@Param('id') id: string, @Body() dto: TimeOffDto, @Caller() caller: Principal): Promise<SdrState> {
    return this.roster.scheduleTimeOff(id, dto, caller);
  }

  @RosterRoute.list('The roster: every SDR with their load', RosterEntryDto)
  list(@Caller() caller: Principal): Promise<RosterEntry[]> {
    return this.roster.list(caller);
  }
}
