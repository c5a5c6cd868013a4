import { serviceHandler } from '@leadline/platform';
export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');
export const ROUTING_CLOCK = Symbol('ROUTING_CLOCK');

/** Roster and lead-work handlers: the store and the routing clock. */
export const RoutingHandler = serviceHandler({ clock: ROUTING_CLOCK });
