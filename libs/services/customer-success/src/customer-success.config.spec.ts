import { ConfigurationError } from '@leadline/platform';
import { loadCustomerSuccessConfig } from './customer-success.config';

const problems = (env: Record<string, string>) => {
  try {
    loadCustomerSuccessConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
  }
  return [];
};

describe('customer-success configuration', () => {
  it('defaults to managers of 100-150 clients (150 when unsaid), windows 60 and 30 days before renewal', () => {
    expect(loadCustomerSuccessConfig({})).toEqual({
      capacity: { min: 100, max: 150, default: 150 },
      renewalWindows: [60, 30],
      timerPollMs: 1_000,
    });
  });

  it('reads windows and capacity bounds from the environment', () => {
    expect(
      loadCustomerSuccessConfig({ CS_RENEWAL_WINDOWS_DAYS: '30, 90', CS_MANAGER_CAPACITY_MIN: '2', CS_MANAGER_CAPACITY_DEFAULT: '3' }),
    ).toMatchObject({
      capacity: { min: 2, max: 150, default: 3 },
      renewalWindows: [90, 30],
    });
  });

  it('names every bad setting', () => {
    expect(problems({ CS_RENEWAL_WINDOWS_DAYS: '60,60', CS_MANAGER_CAPACITY_MIN: '200', CS_TIMER_POLL_MS: 'soon' })).toEqual([
      'CS_MANAGER_CAPACITY_MIN (200) must not exceed CS_MANAGER_CAPACITY_MAX (150)',
      'CS_RENEWAL_WINDOWS_DAYS must be distinct whole days from 1 to 730, comma-separated, e.g. "60,30" (got "60,60")',
      'CS_TIMER_POLL_MS must be an integer from 10 to 60000 (got "soon")',
    ]);
    expect(problems({ CS_MANAGER_CAPACITY_DEFAULT: '90' })).toEqual([
      'CS_MANAGER_CAPACITY_DEFAULT (90) must lie between CS_MANAGER_CAPACITY_MIN and CS_MANAGER_CAPACITY_MAX (100-150)',
    ]);
  });
});
