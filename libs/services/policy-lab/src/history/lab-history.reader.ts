import { isLabEventType, LAB_EVENT_TYPES, type LabEvent, type LabRecord } from '@leadline/domain';
import { checkpointOf, LOG_START, type EventStoreReader, type LogCheckpoint } from '@leadline/event-store';

export interface ReadHistoryOptions {
  readonly pageSize?: number;
  /** Events read so far, after each page. */
  readonly onProgress?: (read: number) => void;
}

/**
 * The recorded history the lab replays: the store's global log, in its order, filtered to the event
 * types the lab reads. Read-only: the lab never writes a live stream.
 */
export async function readLabHistory(store: EventStoreReader, options: ReadHistoryOptions = {}): Promise<LabRecord[]> {
  const pageSize = options.pageSize ?? 5_000;
  const records: LabRecord[] = [];
  let after: LogCheckpoint = LOG_START;
  for (;;) {
    const page = await store.readAll({ after, eventTypes: LAB_EVENT_TYPES, maxCount: pageSize });
    for (const event of page)
      if (isLabEventType(event.type)) records.push({ id: event.id, event: { type: event.type, data: event.data } as LabEvent });
    options.onProgress?.(records.length);
    if (page.length < pageSize) return records;
    after = checkpointOf(page[page.length - 1]);
  }
}
