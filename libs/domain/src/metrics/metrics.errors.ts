import { DomainError } from '../shared/domain-error';

export type MetricsErrorCode = 'invalid-spend' | 'spend-exists' | 'spend-not-found';

/** A metrics input rule the command broke. */
export class MetricsError extends DomainError<MetricsErrorCode> {
  override readonly name = 'MetricsError';
}
