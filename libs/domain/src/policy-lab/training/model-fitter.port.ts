/** A fitted logistic regression: log-odds = intercept + Σ coefficient × feature. */
export interface LogisticFit {
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

/**
 * Fits a logistic regression to rows of 0/1 features and boolean labels. A port: the fitting is a
 * library's (numeric code the domain does not own), implemented outside the domain; it must be
 * deterministic for the same rows and labels.
 */
export interface ModelFitter {
  readonly name: string;
  fit(rows: readonly (readonly number[])[], labels: readonly boolean[]): LogisticFit;
}
