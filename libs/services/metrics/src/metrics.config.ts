import { EnvReader, type Environment } from '@leadline/platform';
import type { MetricsRunnerSettings } from './engine/metrics-runner';

/** The projection engine's settings (METRICS_*), validated at start. */
export type MetricsConfig = MetricsRunnerSettings;

export function loadMetricsConfig(env: Environment): MetricsConfig {
  const r = new EnvReader(env);
  const config: MetricsConfig = {
    liveBatchSize: r.int('METRICS_BATCH_SIZE', 1_000, 1, 100_000),
    rebuildBatchSize: r.int('METRICS_REBUILD_BATCH_SIZE', 5_000, 1, 100_000),
    versionPollMs: r.int('METRICS_VERSION_POLL_MS', 2_000, 50, 600_000),
    keepRetired: r.int('METRICS_KEEP_RETIRED', 1, 0, 100),
    switchMaxLag: r.int('METRICS_SWITCH_MAX_LAG', 100, 0, 1_000_000),
    autoRebuild: r.oneOf('METRICS_AUTO_REBUILD', ['true', 'false'], 'true') === 'true',
    processorPollMs: r.int('METRICS_POLL_MS', 500, 10, 60_000),
    coalesceMs: r.int('METRICS_COALESCE_MS', 200, 0, 60_000),
  };
  return r.done(config);
}
