export type CustomerSuccessErrorCode =
  | 'invalid-manager'
  | 'manager-already-registered'
  | 'customer-not-found'
  | 'customer-exists'
  | 'customer-churned'
  | 'already-onboarded'
  | 'invalid-renewal'
  | 'upsell-not-found'
  | 'upsell-exists'
  | 'upsell-closed'
  | 'invalid-upsell';

/** A rule of customer success refused a command; the code maps to an HTTP status at the edge. */
export class CustomerSuccessError extends Error {
  override readonly name = 'CustomerSuccessError';
  constructor(
    readonly code: CustomerSuccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}
