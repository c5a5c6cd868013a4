export { EVENT_STORE, SQL_DATABASE } from '@leadline/event-store';
export { EVENT_TRANSPORT } from '@leadline/messaging';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_DESCRIPTORS = Symbol('SERVICE_DESCRIPTORS');
export const KAFKA_RELAY = Symbol('KAFKA_RELAY');
