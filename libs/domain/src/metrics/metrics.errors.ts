export type MetricsErrorCode = 'invalid-spend' | 'spend-exists' | 'spend-not-found';

/** A metrics input rule the command broke; the service maps the code to HTTP at its edge. */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
  constructor(
    readonly code: MetricsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
