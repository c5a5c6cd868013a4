import { DomainError } from '../shared/domain-error';

export type PipelineErrorCode =
  | 'opportunity-not-found'
  | 'opportunity-exists'
  | 'opportunity-closed'
  | 'invalid-stage-change'
  | 'invalid-win'
  | 'invalid-loss'
  | 'not-nurtured'
  | 'already-nurtured'
  | 'invalid-nurture'
  | 'invalid-list'
  | 'list-already-received'
  | 'vendor-not-sampling'
  | 'vendor-not-found';

/** A pipeline rule (opportunity, nurture, vendor) the command broke. */
export class PipelineError extends DomainError<PipelineErrorCode> {
  override readonly name = 'PipelineError';
}
