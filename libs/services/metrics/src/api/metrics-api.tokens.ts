/** The clock the query API (default `asOf`) and spend recording (`at`) read; the module binds it. */
export const METRICS_API_CLOCK = Symbol('METRICS_API_CLOCK');
/** The TypeORM DataSource over the `metrics` views (read-only). */
export const METRICS_DATA_SOURCE = Symbol('METRICS_DATA_SOURCE');
/** MetricsApiConfig, validated at start. */
export const METRICS_API_CONFIG = Symbol('METRICS_API_CONFIG');
