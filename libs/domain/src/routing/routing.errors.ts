export type RoutingErrorCode =
  'sdr-already-registered' | 'sdr-not-found' | 'invalid-sdr' | 'lead-not-assigned' | 'lead-closed' | 'not-the-owner';

/** A rule the command broke; the service maps the code to a transport error at its edge. */
export class RoutingError extends Error {
  override readonly name = 'RoutingError';
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
