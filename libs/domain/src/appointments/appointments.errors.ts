import { DomainError } from '../shared/domain-error';

export type AppointmentsErrorCode =
  | 'ae-already-registered'
  | 'ae-not-found'
  | 'invalid-ae'
  | 'invalid-request'
  | 'lead-not-qualified'
  | 'lead-already-booked'
  | 'no-fair-slot'
  | 'not-a-booking-role'
  | 'segment-not-served'
  | 'ae-unavailable'
  | 'breaks-equality'
  | 'override-not-allowed'
  | 'appointment-not-found'
  | 'appointment-closed';

/** A rule a booking or roster command broke. */
export class AppointmentsError extends DomainError<AppointmentsErrorCode> {
  override readonly name = 'AppointmentsError';
}
