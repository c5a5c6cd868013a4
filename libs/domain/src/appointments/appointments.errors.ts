export type AppointmentsErrorCode =
  | 'ae-already-registered'
  | 'ae-not-found'
  | 'invalid-ae'
  | 'invalid-request'
  | 'lead-not-qualified'
  | 'lead-already-booked'
  | 'no-fair-slot'
  | 'appointment-not-found'
  | 'appointment-closed';

/** A rule a booking or roster command broke; the service maps the code to an HTTP status at its edge. */
export class AppointmentsError extends Error {
  override readonly name = 'AppointmentsError';
  constructor(
    readonly code: AppointmentsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
