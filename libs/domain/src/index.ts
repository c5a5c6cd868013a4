export type { Clock } from './clock.port';
export type { Command, Decider, Event, Message } from './decider';
