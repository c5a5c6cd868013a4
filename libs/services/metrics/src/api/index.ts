import type { Provider } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { systemClock } from '@leadline/scheduling';
import { SPEND_CONTROLLERS, SPEND_PROVIDERS } from '../spend';
import { AnalystRoleSetup } from './analyst/analyst-role.setup';
import { CustomerMetricsController } from './customers/customers.controller';
import { FairnessController } from './fairness/fairness.controller';
import { FunnelController } from './funnel/funnel.controller';
import { LostDealsController } from './lists/lost-deals.controller';
import { LostDealsQuery } from './lists/lost-deals.query';
import { SlaBreachesQuery } from './lists/sla-breaches.query';
import { loadMetricsApiConfig } from './metrics-api.config';
import { METRICS_API_CLOCK, METRICS_API_CONFIG, METRICS_DATA_SOURCE } from './metrics-api.tokens';
import { MarketingController } from './marketing/marketing.controller';
import { StagesController } from './pipeline/stages.controller';
import { MetricsReader } from './queries/metrics-query.base';
import { RepsController } from './reps/reps.controller';
import { SpeedToLeadController } from './speed/speed-to-lead.controller';
import { MetricsViews } from './typeorm/metrics-views.provider';
import { VersionsController } from './versions/versions.controller';

export interface MetricsApiOptions {
  /** Virtual time for tests and simulations: the default `asOf` and the time spend is recorded at. */
  readonly clock?: Clock;
  /** Settings to validate instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The query surface's controllers: dashboards' metric queries, versions and rebuild, spend entry and import. */
export const METRICS_CONTROLLERS = [
  FunnelController,
  SpeedToLeadController,
  RepsController,
  StagesController,
  LostDealsController,
  MarketingController,
  FairnessController,
  CustomerMetricsController,
  VersionsController,
  ...SPEND_CONTROLLERS,
];
/**
 * Its providers, apart from the two settings bound by `metricsApiSettings`. VersionsController
 * needs the engine's MetricsRunner from the module.
 */
export const METRICS_API_PROVIDERS: Provider[] = [
  MetricsReader,
  MetricsViews,
  { provide: METRICS_DATA_SOURCE, inject: [MetricsViews], useFactory: (views: MetricsViews) => views.dataSource },
  SlaBreachesQuery,
  LostDealsQuery,
  AnalystRoleSetup,
  ...SPEND_PROVIDERS,
];

/** Binds the clock and the validated settings the query surface reads. */
export function metricsApiSettings(options: MetricsApiOptions = {}): Provider[] {
  return [
    { provide: METRICS_API_CLOCK, useValue: options.clock ?? systemClock },
    { provide: METRICS_API_CONFIG, useFactory: () => loadMetricsApiConfig(options.env ?? process.env) },
  ];
}

export { METRICS_API_CLOCK, METRICS_API_CONFIG, METRICS_DATA_SOURCE } from './metrics-api.tokens';
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
export { metricsDataSource } from './typeorm/metrics-data-source';
export { MetricsViews } from './typeorm/metrics-views.provider';
export * from './typeorm/metrics-views.entities';
export { sqlDatabaseDriver } from './typeorm/sql-database.driver';
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
