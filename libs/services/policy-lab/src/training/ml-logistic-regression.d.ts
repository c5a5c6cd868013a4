// ml-logistic-regression ships no type declarations; this is the part of its public API the fitter uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  interface TwoClassClassifier {
    readonly weights: Matrix;
    testScores(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    readonly classifiers: TwoClassClassifier[];
    train(features: Matrix, classes: Matrix): void;
    predict(features: Matrix): number[];
  }
}
