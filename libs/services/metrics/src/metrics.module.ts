import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { EVENT_STORE, SQL_DATABASE, type PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import type { ServiceDescriptor, ServiceOptions } from '@leadline/platform';
import { METRICS_API_PROVIDERS, METRICS_CONTROLLERS, metricsApiSettings } from './api';
import { MetricsRunner } from './engine/metrics-runner';
import type { ReadModel } from './engine/read-model';
import { MetricsInfoController } from './metrics-info.controller';
import { loadMetricsConfig, type MetricsConfig } from './metrics.config';
import { MetricsLifecycle } from './metrics.lifecycle';
import { METRICS_SERVICE } from './metrics.service-info';
import { METRICS_CONFIG, METRICS_READ_MODELS } from './metrics.tokens';
import { READ_MODELS } from './read-models';
import { METRICS_MIGRATIONS } from './engine/metrics-schema';

export interface MetricsOptions extends ServiceOptions {
  /** The read models to project; READ_MODELS by default. */
  readonly readModels?: readonly ReadModel[];
}

@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsInfoController, ...METRICS_CONTROLLERS],
      providers: [
        { provide: METRICS_CONFIG, useFactory: () => loadMetricsConfig(options.env ?? process.env) },
        { provide: METRICS_READ_MODELS, useValue: options.readModels ?? READ_MODELS },
        {
          provide: MetricsRunner,
          inject: [SQL_DATABASE, EVENT_STORE, METRICS_CONFIG, METRICS_READ_MODELS],
          useFactory: (db: SqlDatabase, store: PostgresEventStore, config: MetricsConfig, models: readonly ReadModel[]) =>
            new MetricsRunner(db, store, models, config, new Logger('Metrics')),
        },
        MetricsLifecycle,
        ...metricsApiSettings(options),
        ...METRICS_API_PROVIDERS,
      ],
      exports: [MetricsRunner, MetricsLifecycle],
    };
  }
}

/** The metrics service with its own clock, settings or read models (tests pass them). */
export const createMetricsService = (options: MetricsOptions = {}): ServiceDescriptor => ({
  ...METRICS_SERVICE,
  module: MetricsModule.forRoot(options),
  migrations: [METRICS_MIGRATIONS],
});

export const metricsService: ServiceDescriptor = createMetricsService();
