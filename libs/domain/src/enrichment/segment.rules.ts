import type { Segment } from './enrichment.events';

export interface SegmentThreshold {
  /** Minimum headcount (inclusive). */
  readonly headcount: number;
  /** Minimum annual revenue (inclusive, in the directory's currency). */
  readonly annualRevenue: number;
}

export interface SegmentThresholds {
  readonly midMarket: SegmentThreshold;
  readonly enterprise: SegmentThreshold;
}

export const DEFAULT_SEGMENT_THRESHOLDS: SegmentThresholds = {
  midMarket: { headcount: 100, annualRevenue: 10_000_000 },
  enterprise: { headcount: 1000, annualRevenue: 100_000_000 },
};

/**
 * The larger of what headcount and revenue say: a 50-person firm with $200M revenue sells like
 * an enterprise. Unknown only when neither is known.
 */
export function segmentOf(
  company: { readonly headcount: number | null; readonly annualRevenue: number | null },
  thresholds: SegmentThresholds = DEFAULT_SEGMENT_THRESHOLDS,
): Segment {
  const { headcount, annualRevenue } = company;
  if (headcount === null && annualRevenue === null) return 'unknown';
  const reaches = (t: SegmentThreshold) =>
    (headcount !== null && headcount >= t.headcount) || (annualRevenue !== null && annualRevenue >= t.annualRevenue);
  if (reaches(thresholds.enterprise)) return 'enterprise';
  if (reaches(thresholds.midMarket)) return 'mid-market';
  return 'smb';
}

/** Returns a problem description, or null when the thresholds are usable. */
export function segmentThresholdsProblem(thresholds: SegmentThresholds): string | null {
  const values = [
    thresholds.midMarket.headcount,
    thresholds.midMarket.annualRevenue,
    thresholds.enterprise.headcount,
    thresholds.enterprise.annualRevenue,
  ];
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return 'thresholds must be non-negative numbers';
  if (thresholds.enterprise.headcount <= thresholds.midMarket.headcount)
    return 'enterprise headcount threshold must be above the mid-market one';
  if (thresholds.enterprise.annualRevenue <= thresholds.midMarket.annualRevenue)
    return 'enterprise revenue threshold must be above the mid-market one';
  return null;
}
