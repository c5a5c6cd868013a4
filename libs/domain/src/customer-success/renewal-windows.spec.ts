import { planRenewalWindows } from './renewal-windows';

const AT = '2026-03-02T09:00:00.000Z';

describe('renewal windows', () => {
  it('opens 60 and 30 days before the renewal date by default, earliest first', () => {
    expect(planRenewalWindows('2027-03-01T00:00:00.000Z', AT)).toEqual([
      { daysBefore: 60, opensAt: '2026-12-31T00:00:00.000Z', due: false },
      { daysBefore: 30, opensAt: '2027-01-30T00:00:00.000Z', due: false },
    ]);
  });

  it('marks a window whose opening is already past as due at once', () => {
    expect(planRenewalWindows('2026-04-15T00:00:00.000Z', AT).map((w) => [w.daysBefore, w.due])).toEqual([
      [60, true],
      [30, false],
    ]);
  });

  it('takes the windows from configuration', () => {
    expect(planRenewalWindows('2027-03-01', AT, [14, 90, 14]).map((w) => [w.daysBefore, w.opensAt])).toEqual([
      [90, '2026-12-01T00:00:00.000Z'],
      [14, '2027-02-15T00:00:00.000Z'],
    ]);
  });
});
