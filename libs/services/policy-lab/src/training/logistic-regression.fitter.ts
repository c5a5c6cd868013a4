import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { LogisticFit, ModelFitter } from '@leadline/domain';

export interface LogisticRegressionOptions {
  /** Gradient steps over the whole training set. */
  readonly steps: number;
  /** Step size per row: the library sums the gradient over rows, so it is divided by the row count. */
  readonly learningRate: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticRegressionOptions = { steps: 800, learningRate: 2 };

/**
 * The domain's model-fitter port on mljs' `ml-logistic-regression` (batch gradient descent from zero
 * weights, so deterministic). A column of ones carries the intercept. With labels 0/1 the library
 * trains one-vs-all classifiers; the one for class 0 scores "not 0", i.e. the probability of 1.
 */
export class LogisticRegressionFitter implements ModelFitter {
  readonly name = 'ml-logistic-regression';

  constructor(private readonly options: LogisticRegressionOptions = DEFAULT_LOGISTIC_OPTIONS) {}

  fit(rows: readonly (readonly number[])[], labels: readonly boolean[]): LogisticFit {
    const features = new Matrix(rows.map((row) => [1, ...row]));
    const classes = Matrix.columnVector(labels.map((label) => (label ? 1 : 0)));
    const regression = new LogisticRegression({ numSteps: this.options.steps, learningRate: this.options.learningRate / rows.length });
    regression.train(features, classes);
    const [intercept, ...coefficients] = regression.classifiers[0].weights.to1DArray();
    return { intercept, coefficients };
  }
}
