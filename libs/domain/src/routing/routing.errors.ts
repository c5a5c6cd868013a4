import { DomainError } from '../shared/domain-error';

export type RoutingErrorCode =
  | 'sdr-already-registered'
  | 'sdr-not-found'
  | 'invalid-sdr'
  | 'lead-not-assigned'
  | 'lead-closed'
  | 'not-the-owner'
  | 'activity-time-out-of-range'
  | 'invalid-policy';

/** A roster or assignment rule the command broke. */
export class RoutingError extends DomainError<RoutingErrorCode> {
  override readonly name = 'RoutingError';
}
