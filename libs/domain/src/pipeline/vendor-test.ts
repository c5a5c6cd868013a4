/**
 * The vendor test. H0: the sample's lead-to-opportunity rate is not below the historical rate of
 * approved vendors; H1 (one-sided): it is below. The vendor is rejected only when the p-value is
 * below alpha. Two implementations:
 * - Fisher's exact test: with the 2x2 margins fixed, the sample's conversions follow the
 *   hypergeometric law; p = P(X <= observed). Exact at any size, so the default for small samples.
 * - The pooled two-proportion z-test: z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)), p = Phi(z);
 *   a normal approximation, valid when every expected cell count is at least 5 (Cochran).
 * 'auto' uses Fisher whenever an expected cell count is below 5 and the z-test otherwise.
 */
export type VendorTestChoice = 'auto' | 'fisher' | 'z-test';
export type VendorTestName = 'fisher-exact-one-sided' | 'two-proportion-z-one-sided';

export interface VendorTestInput {
  readonly sampleConversions: number;
  readonly sampleSize: number;
  readonly historicalConversions: number;
  readonly historicalSize: number;
}

export interface VendorTestResult {
  readonly test: VendorTestName;
  readonly pValue: number;
  readonly approved: boolean;
}

export const DEFAULT_VENDOR_ALPHA = 0.05;

/** ln(k!) for k = 0..n, summed in one pass. */
export function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = table[k - 1] + Math.log(k);
  return table;
}

/** P(X <= a) for the sample's conversions under H0 (hypergeometric: N leads, K conversions, n1 drawn). */
export function fisherLowerTail(input: VendorTestInput): number {
  const { sampleConversions: a, sampleSize: n1, historicalConversions: c, historicalSize: n2 } = input;
  const total = n1 + n2;
  const conversions = a + c;
  const lf = logFactorials(total);
  const logChoose = (n: number, k: number) => lf[n] - lf[k] - lf[n - k];
  const denominator = logChoose(total, n1);
  let p = 0;
  for (let x = Math.max(0, n1 - (total - conversions)); x <= a; x++) {
    p += Math.exp(logChoose(conversions, x) + logChoose(total - conversions, n1 - x) - denominator);
  }
  return Math.min(1, p);
}

/** Hart's rational approximation of the normal tail (West 2005): coefficients, highest power of z first. */
const HART_NUMERATOR = [
  3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376,
];
const HART_DENOMINATOR = [
  8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948,
  440.413735824752,
];

/** The polynomial at z by Horner's rule, coefficients highest power first: ((a0·z + a1)·z + a2)… */
const horner = (coefficients: readonly number[], z: number): number => coefficients.reduce((sum, a) => sum * z + a);

/** Standard normal CDF, Hart's double-precision algorithm (West 2005), absolute error below 1e-14. */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) tail = 0;
  else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      tail = (e * horner(HART_NUMERATOR, z)) / horner(HART_DENOMINATOR, z);
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** One-sided (lower) pooled two-proportion z-test; with no variance (no history, or all or nothing converted) p = 1. */
export function twoProportionZ(input: VendorTestInput): { z: number; pValue: number } {
  const { sampleConversions: a, sampleSize: n1, historicalConversions: c, historicalSize: n2 } = input;
  if (n1 === 0 || n2 === 0) return { z: 0, pValue: 1 };
  const pooled = (a + c) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (a / n1 - c / n2) / se;
  return { z, pValue: normalCdf(z) };
}

/** The smallest expected count of the 2x2 table under H0 (Cochran's rule needs >= 5 for the z-test). */
export function smallestExpectedCount(input: VendorTestInput): number {
  const { sampleConversions: a, sampleSize: n1, historicalConversions: c, historicalSize: n2 } = input;
  const total = n1 + n2;
  if (total === 0) return 0;
  const conversions = a + c;
  return (Math.min(n1, n2) * Math.min(conversions, total - conversions)) / total;
}

export function inputProblems(input: VendorTestInput): string[] {
  const counts = Object.entries(input).filter(([, v]) => !Number.isInteger(v) || v < 0);
  const problems = counts.map(([k]) => `${k} must be a non-negative integer`);
  if (input.sampleSize < 1) problems.push('the sample is empty');
  if (input.sampleConversions > input.sampleSize) problems.push('more sample conversions than sample leads');
  if (input.historicalConversions > input.historicalSize) problems.push('more historical conversions than historical leads');
  return problems;
}

export function vendorTest(input: VendorTestInput, options: { alpha: number; test: VendorTestChoice }): VendorTestResult {
  const problems = inputProblems(input);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const fisher = options.test === 'fisher' || (options.test === 'auto' && smallestExpectedCount(input) < 5);
  const pValue = fisher ? fisherLowerTail(input) : twoProportionZ(input).pValue;
  return { test: fisher ? 'fisher-exact-one-sided' : 'two-proportion-z-one-sided', pValue, approved: !(pValue < options.alpha) };
}
