import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AeState } from '@leadline/domain';
import { AppointmentsErrorFilter } from '../shared/appointments-error.filter';
import { AeTimeOffDto, RegisterAeDto, UpdateAeDto } from './ae.dto';
import { RosterHandler } from './roster.handler';
import type { RosterEntry } from './roster.repository';
import { ApiDomainErrors, ApiRoute, Idempotent, Roles } from '@leadline/platform';
import { AeRosterEntryDto, AeStateDto } from './ae-state.dto';

@ApiTags('appointments')
@Controller('aes')
@UseFilters(AppointmentsErrorFilter)
@ApiDomainErrors(AppointmentsErrorFilter)
export class RosterController {
  constructor(private readonly roster: RosterHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({ summary: 'Register an AE (demo guru, hunter or sales engineer) on the roster', ok: AeStateDto, status: 201, errors: [400] })
  register(@Body() dto: RegisterAeDto): Promise<AeState> {
    return this.roster.register(dto);
  }

  @Patch(':id')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @ApiRoute({ summary: "Change an AE's profile (absent fields stay as they are)", ok: AeStateDto, errors: [400] })
  update(@Param('id') id: string, @Body() dto: UpdateAeDto): Promise<AeState> {
    return this.roster.update(id, dto);
  }

  @Post(':id/time-off')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({ summary: 'Schedule time off: the AE gets no appointments in that period', ok: AeStateDto, status: 201, errors: [400] })
  timeOff(@Param('id') id: string, @Body() dto: AeTimeOffDto): Promise<AeState> {
    return this.roster.scheduleTimeOff(id, dto);
  }

  /** The roster with each AE's month-to-date credits and open deals. */
  @Get()
  @Roles('sales-ops', 'manager', 'analyst')
  @ApiRoute({ summary: "The roster with each AE's month-to-date credits and open deals", ok: [AeRosterEntryDto] })
  list(): Promise<RosterEntry[]> {
    return this.roster.list();
  }
}
