import { serviceHandler } from '@leadline/platform';
/** The clock captures are stamped with (the system clock; tests may bind another). */
export const LEAD_INTAKE_CLOCK = Symbol('LEAD_INTAKE_CLOCK');
/** LeadIntakeConfig, read from the environment at start. */
export const LEAD_INTAKE_CONFIG = Symbol('LEAD_INTAKE_CONFIG');

/** Lead-intake handlers: the store and the intake clock. */
export const LeadIntakeHandler = serviceHandler({ clock: LEAD_INTAKE_CLOCK });
