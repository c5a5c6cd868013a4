export { MetricsModule, metricsService } from './metrics.module';
export { METRICS_SERVICE } from './metrics.service-info';
