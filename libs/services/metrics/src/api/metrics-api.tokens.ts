import { serviceHandler } from '@leadline/platform';
/** The clock the metrics API (default `asOf`) and spend recording (`at`) read; the module binds it. */
export const METRICS_API_CLOCK = Symbol('METRICS_API_CLOCK');
/** MetricsApiConfig, validated at start. */
export const METRICS_API_CONFIG = Symbol('METRICS_API_CONFIG');

/** Spend handlers: the store and the metrics API's clock. */
export const MetricsApiHandler = serviceHandler({ clock: METRICS_API_CLOCK });
