import type { RecordedEvent } from '@leadline/event-store';

/** The typed data of a recorded event whose type the caller has already switched on. */
export function dataOf<E extends { readonly type: string; readonly data: unknown }>(event: RecordedEvent): E['data'] {
  return event.data as E['data'];
}
