import { DomainError } from '../shared/domain-error';

export type PolicyLabErrorCode =
  'too-little-history' | 'invalid-candidate' | 'unknown-candidate' | 'unknown-lead' | 'shadow-not-registered' | 'shadow-already-registered';

/** A rule of the policy lab a request broke; the service maps each code to an HTTP status. */
export class PolicyLabError extends DomainError<PolicyLabErrorCode> {
  override readonly name = 'PolicyLabError';
}
