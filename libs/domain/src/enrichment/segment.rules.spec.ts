import type { Segment } from './enrichment.events';
import { DEFAULT_SEGMENT_THRESHOLDS, segmentOf, segmentThresholdsProblem } from './segment.rules';

describe('segmentOf (defaults: mid-market from 100 people or $10M, enterprise from 1000 people or $100M)', () => {
  it.each<[number | null, number | null, Segment]>([
    [null, null, 'unknown'],
    [10, null, 'smb'],
    [99, 9_999_999, 'smb'],
    [100, null, 'mid-market'],
    [null, 10_000_000, 'mid-market'],
    [999, 50_000_000, 'mid-market'],
    [1000, null, 'enterprise'],
    [50, 200_000_000, 'enterprise'],
  ])('headcount %p and revenue %p → %s', (headcount, annualRevenue, expected) => {
    expect(segmentOf({ headcount, annualRevenue })).toBe(expected);
  });

  it('uses configured thresholds', () => {
    const thresholds = { midMarket: { headcount: 20, annualRevenue: 1e6 }, enterprise: { headcount: 200, annualRevenue: 1e7 } };
    expect(segmentOf({ headcount: 25, annualRevenue: null }, thresholds)).toBe('mid-market');
    expect(segmentOf({ headcount: 250, annualRevenue: null }, thresholds)).toBe('enterprise');
  });
});

describe('segmentThresholdsProblem', () => {
  it('accepts the defaults', () => expect(segmentThresholdsProblem(DEFAULT_SEGMENT_THRESHOLDS)).toBeNull());
  it('rejects enterprise thresholds not above mid-market ones', () => {
    expect(
      segmentThresholdsProblem({ midMarket: { headcount: 500, annualRevenue: 1 }, enterprise: { headcount: 100, annualRevenue: 2 } }),
    ).toMatch(/headcount/);
    expect(
      segmentThresholdsProblem({ midMarket: { headcount: 1, annualRevenue: 5 }, enterprise: { headcount: 2, annualRevenue: 5 } }),
    ).toMatch(/revenue/);
  });
  it('rejects negative numbers', () => {
    expect(
      segmentThresholdsProblem({ midMarket: { headcount: -1, annualRevenue: 1 }, enterprise: { headcount: 2, annualRevenue: 2 } }),
    ).toMatch(/non-negative/);
  });
});
