import { serviceHandler, serviceReaction } from '@leadline/platform';
import type { PolicyLabConfig } from './policy-lab.config';
/** The validated PolicyLabConfig. */
export const POLICY_LAB_CONFIG = Symbol('POLICY_LAB_CONFIG');
/** The clock the lab's own events are stamped with. */
export const POLICY_LAB_CLOCK = Symbol('POLICY_LAB_CLOCK');

/** The lab's subscriptions: its clock and settings. */
export const PolicyLabReaction = serviceReaction<PolicyLabConfig>({ clock: POLICY_LAB_CLOCK, config: POLICY_LAB_CONFIG });
/** The lab's command handlers: the store, its clock and settings. */
export const PolicyLabHandler = serviceHandler<PolicyLabConfig>({ clock: POLICY_LAB_CLOCK, config: POLICY_LAB_CONFIG });
