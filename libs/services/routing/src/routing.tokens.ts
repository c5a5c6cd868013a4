export const ROUTING_CONFIG = Symbol('ROUTING_CONFIG');
export const ROUTING_CLOCK = Symbol('ROUTING_CLOCK');
