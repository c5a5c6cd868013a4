export type { Clock } from './clock.port';
export type { Command, Decider, Event, Message } from './decider';
export * from './lead/lead-source';
export type * from './lead/lead.events';
export * from './intake';
export * from './enrichment';
export * from './scoring';
export * from './routing';
export type * from './sales/sales.events';
