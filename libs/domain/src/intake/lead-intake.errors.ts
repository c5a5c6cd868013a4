import { DomainError } from '../shared/domain-error';

export type LeadIntakeErrorCode = 'lead-exists' | 'lead-not-found' | 'capture-not-merged' | 'person-erased';

/** A rule a capture, duplicate or unmerge command broke. */
export class LeadIntakeError extends DomainError<LeadIntakeErrorCode> {
  override readonly name = 'LeadIntakeError';
}
