import type { RoutingConfig } from './routing.config';
import { serviceHandler, serviceReaction } from '@leadline/platform';
export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');
export const ROUTING_CLOCK = Symbol('ROUTING_CLOCK');

/** Roster and lead-work handlers: the store and the routing clock. */
export const RoutingHandler = serviceHandler({ clock: ROUTING_CLOCK });

/** Routing's subscriptions and processors: the routing clock and RoutingConfig. */
export const RoutingReaction = serviceReaction<RoutingConfig>({ clock: ROUTING_CLOCK, config: ROUTING_CONFIG });
