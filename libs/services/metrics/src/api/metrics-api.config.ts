import { EnvReader, type Environment } from '@leadline/platform';
import type { AnalystLogin } from './analyst/analyst-role';

/** Settings of the metrics API, validated at start (README lists them). */
export interface MetricsApiConfig {
  /** `auto`: create/grant the analysts' role at start when this database user may; `off`: leave roles alone. */
  readonly analystRole: 'auto' | 'off';
  /** A login user for analysts, made a member of `leadline_analyst`. */
  readonly analystLogin: AnalystLogin | null;
}

export function loadMetricsApiConfig(env: Environment): MetricsApiConfig {
  const read = new EnvReader(env);
  const analystRole = read.oneOf('METRICS_ANALYST_ROLE', ['auto', 'off'] as const, 'auto');
  const user = read.text('METRICS_ANALYST_USER');
  const password = read.secret('METRICS_ANALYST_PASSWORD');
  if (user !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(user))
    read.problem(`METRICS_ANALYST_USER must be a lower-case SQL identifier (got ${JSON.stringify(user)})`);
  if ((user === undefined) !== (password === undefined || password === ''))
    read.problem('METRICS_ANALYST_USER and METRICS_ANALYST_PASSWORD go together');
  if (user !== undefined && analystRole === 'off') read.problem('METRICS_ANALYST_USER needs METRICS_ANALYST_ROLE=auto');
  return read.done({ analystRole, analystLogin: user !== undefined && password ? { user, password } : null });
}
