/** The validated MetricsConfig. */
export const METRICS_CONFIG = Symbol('METRICS_CONFIG');
/** The read models every version is built from (READ_MODELS unless a test passes its own). */
export const METRICS_READ_MODELS = Symbol('METRICS_READ_MODELS');
