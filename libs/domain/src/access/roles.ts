/**
 * The roles a caller may hold (README, security): admin (keys, configuration, rebuilds; everything),
 * sales-ops (rosters, policies, vendors, metrics), manager (leads and reps of the team), rep (SDR, AE,
 * SE, CM: what is assigned to them), analyst (metrics and read models, read only), intake (only
 * capturing leads and importing lists).
 */
export const ROLES = ['admin', 'sales-ops', 'manager', 'rep', 'analyst', 'intake'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
