export { MetricsModule, metricsService, createMetricsService, type MetricsOptions } from './metrics.module';
export { METRICS_SERVICE } from './metrics.service-info';
export { loadMetricsConfig, type MetricsConfig } from './metrics.config';
export { METRICS_CONFIG, METRICS_READ_MODELS } from './metrics.tokens';
export { MetricsLifecycle } from './metrics.lifecycle';
export * from './engine';
export { READ_MODELS } from './read-models';
export * from './api';
export * from './typeorm';
