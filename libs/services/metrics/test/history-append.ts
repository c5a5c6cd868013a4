// Writing generated histories (history-generator.ts) into an event store.
import { randomUUID } from 'node:crypto';
import { categoryOf, EVENT_STORE_SCHEMA, EVENTS_CHANNEL, type EventStore, type SqlDatabase } from '@leadline/event-store';
import type { HistoryAppend } from './history-generator';

/**
 * Appends through the store, one append (one transaction) per service transaction, with the
 * expected version a service would pass. `concurrency` writers split the leads between them, so a
 * lead's appends keep their order while different leads interleave in the log as under load.
 */
export async function appendHistory(
  store: EventStore,
  appends: Iterable<HistoryAppend>,
  options: { concurrency?: number } = {},
): Promise<number> {
  const lanes: HistoryAppend[][] = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => []);
  for (const append of appends) lanes[laneOf(append, lanes.length)].push(append);
  const versions = new Map<string, number>();
  let events = 0;
  await Promise.all(
    lanes.map(async (lane) => {
      for (const { streamId, events: batch } of lane) {
        const expected = versions.get(streamId) ?? 'no-stream';
        const result = await store.appendToStream(streamId, batch, { expectedVersion: expected });
        versions.set(streamId, result.nextExpectedVersion);
        events += batch.length;
      }
    }),
  );
  return events;
}

function laneOf(append: HistoryAppend, lanes: number): number {
  const key = String(append.events[0]?.metadata?.leadId ?? append.streamId);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

/**
 * The benchmark's loader: many streams' events in one multi-row insert per chunk (one transaction
 * each), the rows exactly as the store writes them (stream versions counted here, categories,
 * lead/correlation/causation columns). Far faster than an append per stream, which a million
 * events do not need to prove anything about appends. Each chunk notifies like an append does
 * (an empty payload: every reader catches up), or idle readers would only see it at their
 * safety-net look, a minute later.
 */
export async function bulkAppendHistory(
  db: SqlDatabase,
  appends: Iterable<HistoryAppend>,
  options: { chunk?: number; versions?: Map<string, number> } = {},
): Promise<number> {
  const chunkSize = options.chunk ?? 5_000;
  const versions = options.versions ?? new Map<string, number>();
  let rows: Record<string, unknown>[] = [];
  let written = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    const json = JSON.stringify(rows);
    rows = [];
    written += await insertChunk(db, json);
  };
  for (const { streamId, events } of appends) {
    const category = categoryOf(streamId);
    for (const event of events) {
      const version = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, version);
      const metadata = { ...event.metadata, schemaVersion: event.metadata?.schemaVersion ?? 1 };
      rows.push({
        event_id: event.id ?? randomUUID(),
        ord: rows.length,
        stream_id: streamId,
        stream_version: version,
        category,
        event_type: event.type,
        data: event.data ?? null,
        metadata,
        lead_id: text(metadata.leadId),
        correlation_id: text(metadata.correlationId),
        causation_id: text(metadata.causationId),
      });
    }
    if (rows.length >= chunkSize) await flush();
  }
  await flush();
  return written;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

async function insertChunk(db: SqlDatabase, json: string): Promise<number> {
  const schema = EVENT_STORE_SCHEMA;
  const { rows } = await db.query<{ n: string }>(
    `with r as (
       select * from jsonb_to_recordset($1::jsonb) as r(event_id uuid, ord integer, stream_id text, stream_version bigint, category text,
         event_type text, data jsonb, metadata jsonb, lead_id text, correlation_id text, causation_id text)
     ), e as (
       insert into ${schema}.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, causation_id, schema_version)
       select event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, causation_id, 1 from r order by ord
       returning 1
     ), s as (
       insert into ${schema}.streams as s (stream_id, category, version)
       select stream_id, min(category), max(stream_version) from r group by stream_id
       on conflict (stream_id) do update set version = greatest(s.version, excluded.version), updated_at = now()
     )
     select count(*)::text as n from e`,
    [json],
  );
  await db.query(`select pg_notify('${EVENTS_CHANNEL}', '')`);
  return Number(rows[0].n);
}
