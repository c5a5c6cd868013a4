import { addDays } from '../shared/calendar';

/** Days before the renewal date at which outreach opens (docs/domain.md, SLAs: 60, at least 30). */
export const DEFAULT_RENEWAL_WINDOWS: readonly number[] = [60, 30];

export interface RenewalWindowPlan {
  readonly daysBefore: number;
  /** ISO instant the window opens: renewal date minus the days. */
  readonly opensAt: string;
  /** True when that instant is not after `now`: the window opens at once instead of on a timer. */
  readonly due: boolean;
}

/**
 * The windows to open for a renewal date, earliest first. A window whose opening is already
 * past (a short contract, a late renewal) is `due` and opens at once; the rest get timers.
 */
export function planRenewalWindows(
  renewalDate: string,
  now: string,
  windows: readonly number[] = DEFAULT_RENEWAL_WINDOWS,
): RenewalWindowPlan[] {
  const renewal = new Date(renewalDate).getTime();
  if (Number.isNaN(renewal)) throw new Error(`invalid renewal date ${renewalDate}`);
  const nowMs = new Date(now).getTime();
  return [...new Set(windows)]
    .sort((a, b) => b - a)
    .map((daysBefore) => {
      const opensAt = addDays(renewalDate, -daysBefore);
      return { daysBefore, opensAt, due: Date.parse(opensAt) <= nowMs };
    });
}
