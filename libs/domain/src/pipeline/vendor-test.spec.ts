import { fisherLowerTail, normalCdf, smallestExpectedCount, twoProportionZ, vendorTest, type VendorTestInput } from './vendor-test';

const table = (sampleConversions: number, sampleSize: number, historicalConversions: number, historicalSize: number): VendorTestInput => ({
  sampleConversions,
  sampleSize,
  historicalConversions,
  historicalSize,
});

describe('vendor test statistics', () => {
  it("Fisher's exact test matches the lady-tasting-tea table by hand: P(X <= 1) = (1 + 16) / 70", () => {
    // N = 8, K = 4 conversions, n = 4 sample leads: C(4,0)C(4,4)/C(8,4) + C(4,1)C(4,3)/C(8,4) = (1 + 16) / 70.
    expect(fisherLowerTail(table(1, 4, 3, 4))).toBeCloseTo(17 / 70, 12);
    expect(fisherLowerTail(table(3, 4, 1, 4))).toBeCloseTo(69 / 70, 12);
  });

  it("Fisher's exact test of 0/10 against 10/10 is 1 / C(20,10) = 1/184756", () => {
    expect(fisherLowerTail(table(0, 10, 10, 10))).toBeCloseTo(1 / 184_756, 15);
  });

  it('the normal CDF hits the textbook quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 12);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 12);
    expect(normalCdf(-40)).toBe(0);
  });

  it('the pooled two-proportion z-test of 10/100 against 20/100 gives z = -1.9803, p = 0.0238', () => {
    // pooled p = 0.15, se = sqrt(0.15 * 0.85 * (1/100 + 1/100)) = 0.050498, z = -0.1 / se.
    const { z, pValue } = twoProportionZ(table(10, 100, 20, 100));
    expect(z).toBeCloseTo(-1.9803, 4);
    expect(pValue).toBeCloseTo(0.023835, 5);
  });

  it('without history there is no evidence against the vendor: p = 1 in both tests', () => {
    expect(fisherLowerTail(table(0, 20, 0, 0))).toBe(1);
    expect(twoProportionZ(table(0, 20, 0, 0)).pValue).toBe(1);
  });

  // Historical rate 40/100; a sample of 20: 3 conversions (15%) is significantly below at 0.05, 4 (20%) is not.
  it.each([
    [3, 0.02635, false],
    [4, 0.07171, true],
  ])('Fisher, sample %i/20 against 40/100: p = %f, approved %s', (conversions, p, approved) => {
    const result = vendorTest(table(conversions, 20, 40, 100), { alpha: 0.05, test: 'fisher' });
    expect(result).toEqual({ test: 'fisher-exact-one-sided', pValue: expect.closeTo(p, 5) as number, approved });
  });

  // Historical rate 300/1000; a sample of 40: 6 is rejected by both tests, 8 approved by both; 7 splits them.
  it.each([
    [6, false, false],
    [7, true, false],
    [8, true, true],
  ])('sample %i/40 against 300/1000: Fisher approves %s, the z-test approves %s', (conversions, fisherApproves, zApproves) => {
    expect(vendorTest(table(conversions, 40, 300, 1000), { alpha: 0.05, test: 'fisher' }).approved).toBe(fisherApproves);
    expect(vendorTest(table(conversions, 40, 300, 1000), { alpha: 0.05, test: 'z-test' }).approved).toBe(zApproves);
  });

  it('the threshold is configurable: p = 0.0264 rejects at 0.05 and approves at 0.01', () => {
    expect(vendorTest(table(3, 20, 40, 100), { alpha: 0.01, test: 'fisher' }).approved).toBe(true);
  });

  it("'auto' uses Fisher when an expected cell count is below 5 and the z-test otherwise", () => {
    expect(smallestExpectedCount(table(1, 10, 5, 100))).toBeLessThan(5);
    expect(vendorTest(table(1, 10, 5, 100), { alpha: 0.05, test: 'auto' }).test).toBe('fisher-exact-one-sided');
    expect(vendorTest(table(6, 40, 300, 1000), { alpha: 0.05, test: 'auto' }).test).toBe('two-proportion-z-one-sided');
  });

  it('rejects impossible inputs', () => {
    expect(() => vendorTest(table(5, 4, 1, 10), { alpha: 0.05, test: 'auto' })).toThrow('more sample conversions');
    expect(() => vendorTest(table(0, 0, 1, 10), { alpha: 0.05, test: 'auto' })).toThrow('the sample is empty');
  });
});
