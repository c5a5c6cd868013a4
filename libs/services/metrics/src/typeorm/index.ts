// The analysts' TypeORM mapping of the `metrics` views (the API reads the metrics' SQL, not these).
export { metricsDataSource } from './metrics-data-source';
export * from './metrics-views.entities';
