import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AppointmentBooked, AppointmentState, DemoOutcomeRecorded, OfferedSlot } from '@leadline/domain';
import { AppointmentsErrorFilter } from '../shared/appointments-error.filter';
import { BookAppointmentDto, CancelDto, DemoOutcomeDto, OfferSlotsDto, ReassignDto, RescheduleDto } from './booking.dto';
import { BookingHandler } from './booking.handler';
import type { AppointmentRow } from './booking.repository';
import { ApiDomainErrors, ApiRoute, assertHasRole, Caller, Idempotent, Roles, type Principal } from '@leadline/platform';
import {
  AppointmentBookedDto,
  AppointmentRowDto,
  AppointmentStateDto,
  DemoOutcomeRecordedDto,
  SlotsOfferedDto,
} from './booking-responses.dto';

/** Who may set strict equality aside (with APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE on): the owners of the fairness report. */
const OVERRIDE_ROLES = ['sales-ops'] as const;

@ApiTags('appointments')
@Controller()
@UseFilters(AppointmentsErrorFilter)
@ApiDomainErrors(AppointmentsErrorFilter)
export class BookingController {
  constructor(private readonly booking: BookingHandler) {}

  /** Slots for a qualified lead that fit the prospect's time zone, windows and segment → SlotsOffered. */
  @Post('leads/:id/slots')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: "Offer slots for a qualified lead that fit the prospect's time zone, windows and segment",
    ok: SlotsOfferedDto,
    status: 201,
    errors: [400],
  })
  offer(
    @Param('id') leadId: string,
    @Body() dto: OfferSlotsDto,
    @Caller() caller: Principal,
  ): Promise<{ appointmentId: string; leadId: string; slots: OfferedSlot[] }> {
    return this.booking.offer(leadId, dto, caller);
  }

  /** Books fairly → AppointmentBooked (pool, month-to-date counts, seed, policy version). */
  @Post('appointments')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Book the demo fairly among the AEs free at an acceptable time (by month-to-date credits)',
    ok: AppointmentBookedDto,
    status: 201,
    errors: [400],
  })
  book(@Body() dto: BookAppointmentDto, @Caller() caller: Principal): Promise<AppointmentBooked['data']> {
    return this.booking.book(dto, caller);
  }

  /** The calendar read model: every appointment, or one AE's/SE's. */
  @Get('appointments')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiQuery({ name: 'aeId', required: false, example: 'ae-maria' })
  @ApiRoute({ summary: "The calendar: every appointment, or one AE's or SE's", ok: [AppointmentRowDto] })
  list(@Caller() caller: Principal, @Query('aeId') aeId?: string): Promise<AppointmentRow[]> {
    return this.booking.calendar(aeId ?? null, caller);
  }

  @Get('appointments/:id')
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({ summary: 'One appointment in the calendar', ok: AppointmentRowDto })
  get(@Param('id') id: string, @Caller() caller: Principal): Promise<AppointmentRow> {
    return this.booking.get(id, caller);
  }

  /** A new time: the same AE when free, else the platform's fair pick, or an explicit `aeId` held to every booking rule. */
  @Post('appointments/:id/reschedule')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: "Move the appointment: the same AE when free, else the platform's fair pick, or an explicit AE held to every booking rule",
    ok: AppointmentStateDto,
    errors: [400],
  })
  reschedule(@Param('id') id: string, @Body() dto: RescheduleDto, @Caller() caller: Principal): Promise<AppointmentState> {
    if (dto.override) assertHasRole(caller, OVERRIDE_ROLES, 'a fairness override');
    return this.booking.reschedule(id, dto, caller);
  }

  /** Same time, another AE: the platform's fair pick, or an explicit `aeId` held to every booking rule. */
  @Post('appointments/:id/reassign')
  @Roles('sales-ops', 'manager')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: "Same time, another AE: the platform's fair pick, or an explicit AE held to every booking rule",
    ok: AppointmentStateDto,
    errors: [400],
  })
  reassign(@Param('id') id: string, @Body() dto: ReassignDto, @Caller() caller: Principal): Promise<AppointmentState> {
    if (dto.override) assertHasRole(caller, OVERRIDE_ROLES, 'a fairness override');
    return this.booking.reassign(id, dto, caller);
  }

  @Post('appointments/:id/cancel')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Cancel the appointment', ok: AppointmentStateDto, errors: [400] })
  cancel(@Param('id') id: string, @Body() dto: CancelDto, @Caller() caller: Principal): Promise<AppointmentState> {
    return this.booking.cancel(id, dto, caller);
  }

  @Post('appointments/:id/no-show')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Record that the prospect did not show up', ok: AppointmentStateDto })
  noShow(@Param('id') id: string, @Caller() caller: Principal): Promise<AppointmentState> {
    return this.booking.noShow(id, caller);
  }

  @Post('appointments/:id/held')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({ summary: 'Record that the demo took place', ok: AppointmentStateDto })
  held(@Param('id') id: string, @Caller() caller: Principal): Promise<AppointmentState> {
    return this.booking.held(id, caller);
  }

  @Post('appointments/:id/outcome')
  @Roles('sales-ops', 'manager', 'rep')
  @Idempotent()
  @HttpCode(200)
  @ApiRoute({
    summary: 'Record the demo outcome: moved forward (an opportunity opens with a hunter) or not',
    ok: DemoOutcomeRecordedDto,
    errors: [400],
  })
  outcome(@Param('id') id: string, @Body() dto: DemoOutcomeDto, @Caller() caller: Principal): Promise<DemoOutcomeRecorded['data']> {
    return this.booking.outcome(id, dto, caller);
  }
}
