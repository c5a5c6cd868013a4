import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SdrState } from '@leadline/domain';
import { RoutingErrorFilter } from '../shared/routing-error.filter';
import { RosterHandler } from './roster.handler';
import type { RosterEntry } from './roster.repository';
import { RegisterSdrDto, TimeOffDto, UpdateSdrDto } from './sdr.dto';
import { Idempotent, Roles } from '@leadline/platform';

@ApiTags('routing')
@Controller('sdrs')
@UseFilters(RoutingErrorFilter)
export class RosterController {
  constructor(private readonly roster: RosterHandler) {}

  @Post()
  @Roles('sales-ops')
  @Idempotent()
  @HttpCode(201)
  register(@Body() dto: RegisterSdrDto): Promise<SdrState> {
    return this.roster.register(dto);
  }

  @Patch(':id')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  update(@Param('id') id: string, @Body() dto: UpdateSdrDto): Promise<SdrState> {
    return this.roster.update(id, dto);
  }

  @Post(':id/time-off')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @HttpCode(201)
  timeOff(@Param('id') id: string, @Body() dto: TimeOffDto): Promise<SdrState> {
    return this.roster.scheduleTimeOff(id, dto);
  }

  @Get()
  @Roles('sales-ops', 'manager', 'analyst')
  list(): Promise<RosterEntry[]> {
    return this.roster.list();
  }
}
