import { Body, Controller, Param, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AeState } from '@leadline/domain';
import { AppointmentsErrorFilter } from '../shared/appointments-error.filter';
import { AeTimeOffDto, RegisterAeDto, UpdateAeDto } from './ae.dto';
import { RosterHandler } from './roster.handler';
import type { RosterEntry } from './roster.repository';
import { ApiDomainErrors, RosterRoute } from '@leadline/platform';
import { AeRosterEntryDto, AeStateDto } from './ae-state.dto';

@ApiTags('appointments')
@Controller('aes')
@UseFilters(AppointmentsErrorFilter)
@ApiDomainErrors(AppointmentsErrorFilter)
export class RosterController {
  constructor(private readonly roster: RosterHandler) {}

  @RosterRoute.register('Register an AE (demo guru, hunter or sales engineer) on the roster', AeStateDto)
  register(@Body() dto: RegisterAeDto): Promise<AeState> {
    return this.roster.register(dto);
  }

  @RosterRoute.update("Change an AE's profile (absent fields stay as they are)", AeStateDto)
  update(@Param('id') id: string, @Body() dto: UpdateAeDto): Promise<AeState> {
    return this.roster.update(id, dto);
  }

  @RosterRoute.timeOff('Schedule time off: the AE gets no appointments in that period', AeStateDto)
  timeOff(@Param('id') id: string, @Body() dto: AeTimeOffDto): Promise<AeState> {
    return this.roster.scheduleTimeOff(id, dto);
  }

  /** The roster with each AE's month-to-date credits and open deals. */
  @RosterRoute.list("The roster with each AE's month-to-date credits and open deals", AeRosterEntryDto)
  list(): Promise<RosterEntry[]> {
    return this.roster.list();
  }
}
