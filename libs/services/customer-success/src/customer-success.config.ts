import { DEFAULT_MANAGER_CAPACITY, DEFAULT_RENEWAL_WINDOWS, type ManagerCapacityBounds } from '@leadline/domain';
import { ConfigurationError } from '@leadline/platform';

type Environment = Readonly<Record<string, string | undefined>>;

/** Customer-success settings, validated at start (README.md lists them). */
export interface CustomerSuccessConfig {
  readonly capacity: ManagerCapacityBounds;
  /** Days before the renewal date at which outreach opens, largest first. */
  readonly renewalWindows: readonly number[];
  readonly timerPollMs: number;
}

export function loadCustomerSuccessConfig(env: Environment): CustomerSuccessConfig {
  const problems: string[] = [];
  const text = (name: string) => env[name]?.trim() || undefined;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min && value <= max)) problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return value;
  };

  const capacity: ManagerCapacityBounds = {
    min: int('CS_MANAGER_CAPACITY_MIN', DEFAULT_MANAGER_CAPACITY.min, 1, 10_000),
    max: int('CS_MANAGER_CAPACITY_MAX', DEFAULT_MANAGER_CAPACITY.max, 1, 10_000),
    default: int('CS_MANAGER_CAPACITY_DEFAULT', DEFAULT_MANAGER_CAPACITY.default, 1, 10_000),
  };
  if (capacity.min > capacity.max) problems.push(`CS_MANAGER_CAPACITY_MIN (${capacity.min}) must not exceed CS_MANAGER_CAPACITY_MAX (${capacity.max})`);
  else if (capacity.default < capacity.min || capacity.default > capacity.max) {
    problems.push(`CS_MANAGER_CAPACITY_DEFAULT (${capacity.default}) must lie between CS_MANAGER_CAPACITY_MIN and CS_MANAGER_CAPACITY_MAX (${capacity.min}-${capacity.max})`);
  }

  let renewalWindows = [...DEFAULT_RENEWAL_WINDOWS];
  const rawWindows = text('CS_RENEWAL_WINDOWS_DAYS');
  if (rawWindows !== undefined) {
    const parts = rawWindows.split(',').map((p) => p.trim());
    const days = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
    if (days.some((d) => !(d >= 1 && d <= 730)) || new Set(days).size !== days.length) {
      problems.push(`CS_RENEWAL_WINDOWS_DAYS must be distinct whole days from 1 to 730, comma-separated, e.g. "60,30" (got ${JSON.stringify(rawWindows)})`);
    } else {
      renewalWindows = days.sort((a, b) => b - a);
    }
  }

  const config: CustomerSuccessConfig = { capacity, renewalWindows, timerPollMs: int('CS_TIMER_POLL_MS', 1_000, 10, 60_000) };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}
