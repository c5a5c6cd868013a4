import type { AppendOptions, RecordedEvent } from '@leadline/event-store';

/** Stored events as the domain union they belong to (the type tag discriminates). */
export function asDomainEvents<E extends { type: string; data: unknown }>(events: readonly RecordedEvent[]): E[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as E);
}

/** Optimistic concurrency on what was read: no stream yet, or exactly the last version seen. */
export function expectedAfter(history: readonly RecordedEvent[]): AppendOptions {
  return { expectedVersion: history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion };
}

export function iso(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}
