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

/** A pipeline rule (opportunity, nurture, vendor) the command broke; the service maps the code to HTTP at its edge. */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
