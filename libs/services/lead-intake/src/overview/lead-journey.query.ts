import type { PostgresEventStore } from '@leadline/event-store';
import type { JourneyEventDto } from './lead-overview.dto';

const JOURNEY_LIMIT = 10_000;

/**
 * A lead's events across all services, in global-log order (the store indexes lead_id for this),
 * personal fields decrypted by the store, or marked erased.
 */
export async function readJourney(store: PostgresEventStore, leadId: string): Promise<JourneyEventDto[]> {
  const { rows } = await store.db.query<{
    event_id: string;
    global_position: string;
    event_type: string;
    stream_id: string;
    recorded_at: Date | string;
    data: unknown;
    correlation_id: string | null;
    causation_id: string | null;
  }>(
    `select e.event_id::text as event_id, e.global_position::text as global_position, e.event_type, e.stream_id, e.recorded_at, e.data,
            e.correlation_id, e.causation_id
     from event_store.events e where e.lead_id = $1
     order by e.transaction_id, e.global_position limit $2`,
    [leadId, JOURNEY_LIMIT],
  );
  const events = await store.decodeStored(rows.map((row) => ({ ...row, id: row.event_id, type: row.event_type })));
  return events.map((row) => ({
    position: row.global_position,
    type: row.event_type,
    streamId: row.stream_id,
    recordedAt: new Date(row.recorded_at).toISOString(),
    data: row.data,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
  }));
}
