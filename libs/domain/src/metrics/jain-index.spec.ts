import { jainIndex } from './jain-index';

describe("Jain's fairness index", () => {
  it('is 1 when every AE has the same count, and 1/n when one has them all', () => {
    expect(jainIndex([7, 7, 7, 7])).toBe(1);
    expect(jainIndex([12, 0, 0, 0])).toBe(0.25);
  });

  it('is (Σx)² / (n·Σx²) in between, and 1 when nobody has any', () => {
    // (3 + 1)² / (2 · (9 + 1)) = 16 / 20
    expect(jainIndex([3, 1])).toBeCloseTo(0.8, 15);
    expect(jainIndex([0, 0])).toBe(1);
  });
});
