import { calibrationTable, liftAtTop, rocAuc } from './ranking-metrics';

describe('rocAuc', () => {
  it.each<[string, number[], boolean[], number | null]>([
    ['every converted lead scored above every other → 1', [90, 80, 20, 10], [true, true, false, false], 1],
    ['every converted lead scored below → 0', [10, 20, 80, 90], [true, true, false, false], 0],
    ['one of four pairs out of order → 0.75', [90, 30, 40, 10], [true, true, false, false], 0.75],
    ['ties count half', [50, 50, 50, 50], [true, false, true, false], 0.5],
    ['no converted lead → undefined', [1, 2], [false, false], null],
  ])('%s', (_rule, scores, labels, auc) => {
    expect(rocAuc(scores, labels)).toBe(auc);
  });
});

describe('liftAtTop', () => {
  it('the top decile converting at four times the base rate has lift 4', () => {
    // 20 leads, 5 converted (25 %); the top two by score both converted (100 %).
    const scores = Array.from({ length: 20 }, (_v, i) => 100 - i);
    const labels = scores.map((_s, i) => i < 2 || i === 10 || i === 12 || i === 19);
    expect(liftAtTop(scores, labels)).toBe(4);
  });

  it('leads tied at the cut count by their share of the places left, so the order of ties does not matter', () => {
    // 10 leads → 1 place; two tied at the top, one converted: half a conversion in one place, base 1/10.
    const scores = [9, 9, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(liftAtTop(scores, [true, false, false, false, false, false, false, false, false, false])).toBeCloseTo(5);
    expect(liftAtTop(scores, [false, true, false, false, false, false, false, false, false, false])).toBeCloseTo(5);
  });

  it('is undefined without conversions', () => expect(liftAtTop([1, 2], [false, false])).toBeNull());
});

describe('calibrationTable', () => {
  it('gives each 10-point band its leads, mean score and observed rates; 100 falls in the last band', () => {
    const rows = calibrationTable([5, 7, 95, 100], [false, true, true, true], [false, false, true, false]);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ from: 0, to: 10, leads: 2, meanScore: 6, qualifiedRate: 0.5, winRate: 0 });
    expect(rows[9]).toEqual({ from: 90, to: 100, leads: 2, meanScore: 97.5, qualifiedRate: 1, winRate: 0.5 });
    expect(rows[5]).toEqual({ from: 50, to: 60, leads: 0, meanScore: null, qualifiedRate: null, winRate: null });
  });
});
