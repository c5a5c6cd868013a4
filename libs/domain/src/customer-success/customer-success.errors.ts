import { DomainError } from '../shared/domain-error';

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

/** A rule of customer success refused a command. */
export class CustomerSuccessError extends DomainError<CustomerSuccessErrorCode> {
  override readonly name = 'CustomerSuccessError';
}
