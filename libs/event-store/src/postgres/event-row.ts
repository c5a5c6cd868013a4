import type { EventMetadata, RecordedEvent } from '../event.types';
import { EVENT_STORE_SCHEMA } from './schema';

export const EVENTS = `${EVENT_STORE_SCHEMA}.events`;
export const STREAMS = `${EVENT_STORE_SCHEMA}.streams`;
export const CHECKPOINTS = `${EVENT_STORE_SCHEMA}.checkpoints`;

/** Bigints leave the database as text: `pg` and PGlite would otherwise disagree on their JS type. */
export const EVENT_COLUMNS = `e.event_id::text as event_id, e.event_type, e.data, e.metadata, e.stream_id,
  e.stream_version::text as stream_version, e.category, e.global_position::text as global_position,
  e.transaction_id::text as transaction_id, e.recorded_at`;

export interface EventRow {
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata & { schemaVersion: number };
  stream_id: string;
  stream_version: string;
  category: string;
  global_position: string;
  transaction_id: string;
  recorded_at: Date | string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    category: row.category,
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  };
}

/** The columns an appended event is written with, beside its position: the indexed metadata lifted out. */
export function insertColumnsOf(e: { id: string; type: string; data: unknown; metadata: EventMetadata & { schemaVersion: number } }) {
  return {
    event_id: e.id,
    event_type: e.type,
    data: e.data,
    metadata: e.metadata,
    lead_id: stringOrNull(e.metadata.leadId),
    correlation_id: stringOrNull(e.metadata.correlationId),
    causation_id: stringOrNull(e.metadata.causationId),
    schema_version: e.metadata.schemaVersion,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
