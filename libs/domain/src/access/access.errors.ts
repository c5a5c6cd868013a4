import { DomainError } from '../shared/domain-error';

export type AccessErrorCode = 'invalid-api-key' | 'api-key-exists' | 'api-key-not-found';

/** A rule of access control refused a command (names key ids and rules, never secrets). */
export class AccessError extends DomainError<AccessErrorCode> {
  override readonly name = 'AccessError';
}
