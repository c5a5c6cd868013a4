import type { Provider } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { systemClock } from '@leadline/scheduling';
import { SPEND_CONTROLLERS, SPEND_PROVIDERS } from '../spend';
import { AnalystRoleSetup } from './analyst/analyst-role.setup';
import { MetricsReader } from './common/metrics-reader';
import { CustomerMetricsController } from './customers/customers.controller';
import { FairnessController } from './fairness/fairness.controller';
import { FunnelController } from './funnel/funnel.controller';
import { ListsController } from './lists/lists.controller';
import { loadMetricsApiConfig } from './metrics-api.config';
import { METRICS_API_CLOCK, METRICS_API_CONFIG } from './metrics-api.tokens';
import { MarketingController } from './marketing/marketing.controller';
import { PipelineController } from './pipeline/pipeline.controller';
import { RepsController } from './reps/reps.controller';
import { SpeedToLeadController } from './speed-to-lead/speed-to-lead.controller';
import { VersionsController } from './versions/versions.controller';

export interface MetricsApiOptions {
  /** Virtual time for tests and simulations: the default `asOf` and the time spend is recorded at. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The API's controllers: the metrics dashboards read, versions and rebuild, spend entry and import. */
export const METRICS_CONTROLLERS = [
  FunnelController,
  SpeedToLeadController,
  RepsController,
  PipelineController,
  MarketingController,
  FairnessController,
  CustomerMetricsController,
  ListsController,
  VersionsController,
  ...SPEND_CONTROLLERS,
];
/**
 * Its providers, apart from the two settings bound by `metricsApiSettings`. VersionsController
 * needs the engine's MetricsRunner from the module.
 */
export const METRICS_API_PROVIDERS: Provider[] = [MetricsReader, AnalystRoleSetup, ...SPEND_PROVIDERS];

/** Binds the clock and the validated settings the API reads. */
export function metricsApiSettings(options: MetricsApiOptions = {}): Provider[] {
  return [
    { provide: METRICS_API_CLOCK, useValue: options.clock ?? systemClock },
    { provide: METRICS_API_CONFIG, useFactory: () => loadMetricsApiConfig(options.env ?? process.env) },
  ];
}

export { METRICS_API_CLOCK, METRICS_API_CONFIG } from './metrics-api.tokens';
export { loadMetricsApiConfig, type MetricsApiConfig } from './metrics-api.config';
export {
  ANALYST_ROLE,
  ANALYST_SCHEMA,
  ensureAnalystRole,
  grantAnalystRead,
  type AnalystLogin,
  type AnalystRoleOptions,
  type AnalystRoleResult,
} from './analyst/analyst-role';
export { AnalystRoleSetup } from './analyst/analyst-role.setup';
export {
  SPEND_CONTROLLERS,
  SPEND_PROVIDERS,
  RecordSpendHandler,
  spendStream,
  type SpendImportSummary,
  type SpendInput,
  type SpendRecordResult,
  type SpendRowOutcome,
} from '../spend';
