export const APPOINTMENTS_CONFIG = Symbol('APPOINTMENTS_CONFIG');
export const APPOINTMENTS_CLOCK = Symbol('APPOINTMENTS_CLOCK');
/** Settings of opportunities, nurture and vendor testing (PipelineConfig). */
export const PIPELINE_CONFIG = Symbol('PIPELINE_CONFIG');
