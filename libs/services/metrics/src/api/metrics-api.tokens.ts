/** The clock the metrics API (default `asOf`) and spend recording (`at`) read; the module binds it. */
export const METRICS_API_CLOCK = Symbol('METRICS_API_CLOCK');
/** MetricsApiConfig, validated at start. */
export const METRICS_API_CONFIG = Symbol('METRICS_API_CONFIG');
