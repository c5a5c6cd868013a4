import { serviceHandler, serviceReaction } from '@leadline/platform';
import type { AppointmentsConfig } from './appointments.config';
import type { PipelineConfig } from './opportunities/shared/pipeline.config';
export const APPOINTMENTS_CONFIG = Symbol('APPOINTMENTS_CONFIG');
export const APPOINTMENTS_CLOCK = Symbol('APPOINTMENTS_CLOCK');
/** Settings of opportunities, nurture and vendor testing (PipelineConfig). */
export const PIPELINE_CONFIG = Symbol('PIPELINE_CONFIG');

/** Booking and roster handlers: the store, the appointments clock and AppointmentsConfig. */
export const AppointmentsHandler = serviceHandler<AppointmentsConfig>({ clock: APPOINTMENTS_CLOCK, config: APPOINTMENTS_CONFIG });
/** Opportunity, nurture and vendor handlers: the store, the appointments clock and PipelineConfig. */
export const PipelineHandler = serviceHandler<PipelineConfig>({ clock: APPOINTMENTS_CLOCK, config: PIPELINE_CONFIG });
/** Pipeline processors: the appointments clock and PipelineConfig. */
export const PipelineReaction = serviceReaction<PipelineConfig>({ clock: APPOINTMENTS_CLOCK, config: PIPELINE_CONFIG });
