export { EVENT_STORE, SQL_DATABASE } from '@leadline/event-store';
export { EVENT_TRANSPORT } from '@leadline/messaging';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_DESCRIPTORS = Symbol('SERVICE_DESCRIPTORS');
export const KAFKA_RELAY = Symbol('KAFKA_RELAY');
/** The PersonalDataVault: per-person data keys (erasure) and keyed lookup digests. */
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');
