/** The clock captures are stamped with (the system clock; tests may bind another). */
export const LEAD_INTAKE_CLOCK = Symbol('LEAD_INTAKE_CLOCK');
