export const PIPELINE_CONFIG = Symbol('PIPELINE_CONFIG');
export const PIPELINE_CLOCK = Symbol('PIPELINE_CLOCK');
