import type { RecordedEvent } from '@leadline/event-store';

/** A stored event as the domain union it belongs to (the type tag discriminates). */
export function asDomainEvent<E extends { type: string; data: unknown }>(event: RecordedEvent): E {
  return { type: event.type, data: event.data } as E;
}

export function iso(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}
