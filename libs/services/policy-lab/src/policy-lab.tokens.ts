/** The validated PolicyLabConfig. */
export const POLICY_LAB_CONFIG = Symbol('POLICY_LAB_CONFIG');
/** The clock the lab's own events are stamped with. */
export const POLICY_LAB_CLOCK = Symbol('POLICY_LAB_CLOCK');
