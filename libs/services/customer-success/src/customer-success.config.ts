import { DEFAULT_MANAGER_CAPACITY, DEFAULT_RENEWAL_WINDOWS, type ManagerCapacityBounds } from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';

/** Customer-success settings, validated at start (README.md lists them). */
export interface CustomerSuccessConfig {
  readonly capacity: ManagerCapacityBounds;
  /** Days before the renewal date at which outreach opens, largest first. */
  readonly renewalWindows: readonly number[];
  readonly timerPollMs: number;
}

export function loadCustomerSuccessConfig(env: Environment): CustomerSuccessConfig {
  const r = new EnvReader(env);

  const capacity: ManagerCapacityBounds = {
    min: r.int('CS_MANAGER_CAPACITY_MIN', DEFAULT_MANAGER_CAPACITY.min, 1, 10_000),
    max: r.int('CS_MANAGER_CAPACITY_MAX', DEFAULT_MANAGER_CAPACITY.max, 1, 10_000),
    default: r.int('CS_MANAGER_CAPACITY_DEFAULT', DEFAULT_MANAGER_CAPACITY.default, 1, 10_000),
  };
  if (capacity.min > capacity.max)
    r.problem(`CS_MANAGER_CAPACITY_MIN (${capacity.min}) must not exceed CS_MANAGER_CAPACITY_MAX (${capacity.max})`);
  else if (capacity.default < capacity.min || capacity.default > capacity.max) {
    r.problem(
      `CS_MANAGER_CAPACITY_DEFAULT (${capacity.default}) must lie between CS_MANAGER_CAPACITY_MIN and CS_MANAGER_CAPACITY_MAX (${capacity.min}-${capacity.max})`,
    );
  }

  let renewalWindows = [...DEFAULT_RENEWAL_WINDOWS];
  const rawWindows = r.text('CS_RENEWAL_WINDOWS_DAYS');
  if (rawWindows !== undefined) {
    const parts = rawWindows.split(',').map((p) => p.trim());
    const days = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
    if (days.some((d) => !(d >= 1 && d <= 730)) || new Set(days).size !== days.length) {
      r.problem(
        `CS_RENEWAL_WINDOWS_DAYS must be distinct whole days from 1 to 730, comma-separated, e.g. "60,30" (got ${JSON.stringify(rawWindows)})`,
      );
    } else {
      renewalWindows = days.sort((a, b) => b - a);
    }
  }

  const config: CustomerSuccessConfig = { capacity, renewalWindows, timerPollMs: r.int('CS_TIMER_POLL_MS', 1_000, 10, 60_000) };
  return r.done(config);
}
