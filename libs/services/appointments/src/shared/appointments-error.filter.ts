import { HttpStatus } from '@nestjs/common';
import { AppointmentsError } from '@leadline/domain';
import { domainErrorFilter } from '@leadline/platform';

/** The one place the booking rules' errors become HTTP answers. */
export const AppointmentsErrorFilter = domainErrorFilter(AppointmentsError, {
  'ae-already-registered': HttpStatus.CONFLICT,
  'ae-not-found': HttpStatus.NOT_FOUND,
  'invalid-ae': HttpStatus.BAD_REQUEST,
  'invalid-request': HttpStatus.BAD_REQUEST,
  'lead-not-qualified': HttpStatus.UNPROCESSABLE_ENTITY,
  'lead-already-booked': HttpStatus.CONFLICT,
  'no-fair-slot': HttpStatus.CONFLICT,
  'not-a-booking-role': HttpStatus.UNPROCESSABLE_ENTITY,
  'segment-not-served': HttpStatus.UNPROCESSABLE_ENTITY,
  'ae-unavailable': HttpStatus.CONFLICT,
  'breaks-equality': HttpStatus.CONFLICT,
  'override-not-allowed': HttpStatus.FORBIDDEN,
  'appointment-not-found': HttpStatus.NOT_FOUND,
  'appointment-closed': HttpStatus.CONFLICT,
});
