import { EventIdConflictError, ExpectedVersionConflictError } from '../event-store.errors';
import type { AppendOptions, EventStore, EventStoreReader, EventStoreWriter } from '../event-store.port';
import {
  categoryOf,
  LOG_START,
  type AppendResult,
  type ExpectedVersion,
  type LogCheckpoint,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event.types';
import { newEventId } from '../event-id';
import type { SqlDatabase, SqlExecutor } from '../sql.port';
import { EVENT_COLUMNS, EVENTS, STREAMS, toRecordedEvent, type EventRow } from './event-row';
import { EVENTS_CHANNEL, migrateEventStore } from './schema';

export interface LogPage {
  readonly events: RecordedEvent[];
  /** Where the next read starts: past the returned events and past every non-matching event below the horizon. */
  readonly checkpoint: LogCheckpoint;
}

const PG_UNIQUE_VIOLATION = '23505';

/** The event store on PostgreSQL; the same SQL runs on a server (`pg`) and on PGlite. */
export class PostgresEventStore implements EventStore {
  private constructor(private readonly db: SqlDatabase) {}

  static async create(db: SqlDatabase, options: { migrate?: boolean } = {}): Promise<PostgresEventStore> {
    if (options.migrate !== false) await migrateEventStore(db);
    return new PostgresEventStore(db);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const prepared = prepare(streamId, events);
    try {
      return await this.db.transaction((tx) => append(tx, streamId, prepared, options.expectedVersion ?? 'any'));
    } catch (error) {
      // Two appends of the same new ids raced past the idempotency check: the loser retries and finds them stored.
      if (isUniqueViolation(error, 'events_pkey')) {
        return this.db.transaction((tx) => append(tx, streamId, prepared, options.expectedVersion ?? 'any'));
      }
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStream(this.db, streamId, options);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await readLog(this.db, options)).events;
  }

  readLog(options?: ReadAllOptions): Promise<LogPage> {
    return readLog(this.db, options);
  }

  inTransaction(tx: SqlExecutor): EventStoreReader & EventStoreWriter {
    return {
      appendToStream: (streamId, events, options = {}) =>
        append(tx, streamId, prepare(streamId, events), options.expectedVersion ?? 'any'),
      readStream: (streamId, options) => readStream(tx, streamId, options),
      readAll: async (options) => (await readLog(tx, options)).events,
    };
  }
}

interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown> & { schemaVersion: number };
}

function prepare(streamId: string, events: readonly NewEvent[]): PreparedEvent[] {
  if (!streamId) throw new TypeError('appendToStream: streamId is required');
  if (events.length === 0) throw new TypeError(`appendToStream(${streamId}): no events to append`);
  return events.map((event) => ({
    id: event.id ?? newEventId(),
    type: event.type,
    data: event.data ?? null,
    metadata: { ...event.metadata, schemaVersion: event.metadata?.schemaVersion ?? 1 },
  }));
}

async function append(tx: SqlExecutor, streamId: string, events: PreparedEvent[], expected: ExpectedVersion): Promise<AppendResult> {
  const category = categoryOf(streamId);
  // Locks the stream row (creating it at version 0) so appends to one stream serialise here.
  const locked = await tx.query<{ version: string }>(
    `insert into ${STREAMS} as s (stream_id, category, version) values ($1, $2, 0)
     on conflict (stream_id) do update set stream_id = s.stream_id
     returning s.version::text as version`,
    [streamId, category],
  );
  const current = Number(locked.rows[0].version);

  const ids = events.map((e) => e.id);
  const stored = await tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from ${EVENTS} e where e.event_id = any($1::uuid[]) order by e.stream_version`,
    [ids],
  );
  if (stored.rows.length > 0) {
    const sameAppend =
      stored.rows.length === ids.length && stored.rows.every((row, i) => row.stream_id === streamId && row.event_id === ids[i]);
    if (!sameAppend) throw new EventIdConflictError(streamId, stored.rows.map((r) => r.event_id));
    return { nextExpectedVersion: current, written: false, events: stored.rows.map(toRecordedEvent) };
  }

  if (!matches(expected, current)) throw new ExpectedVersionConflictError(streamId, expected, current);

  const rows = events.map((e, i) => ({
    event_id: e.id,
    stream_version: current + i + 1,
    event_type: e.type,
    data: e.data,
    metadata: e.metadata,
    lead_id: stringOrNull(e.metadata.leadId),
    correlation_id: stringOrNull(e.metadata.correlationId),
    causation_id: stringOrNull(e.metadata.causationId),
    schema_version: e.metadata.schemaVersion,
  }));
  const inserted = await tx.query<EventRow>(
    `with e as (
       insert into ${EVENTS} (event_id, stream_id, stream_version, category, event_type, data, metadata,
                              lead_id, correlation_id, causation_id, schema_version)
       select r.event_id, $2, r.stream_version, $3, r.event_type, r.data, r.metadata,
              r.lead_id, r.correlation_id, r.causation_id, r.schema_version
       from jsonb_to_recordset($1::jsonb) as r(event_id uuid, stream_version bigint, event_type text, data jsonb,
            metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
       order by r.stream_version
       returning *
     ), s as (
       update ${STREAMS} set version = $4, updated_at = now() where stream_id = $2
     ), n as (select pg_notify('${EVENTS_CHANNEL}', $3))
     select ${EVENT_COLUMNS} from e, n order by e.stream_version`,
    [JSON.stringify(rows), streamId, category, current + events.length],
  );
  return { nextExpectedVersion: current + events.length, written: true, events: inserted.rows.map(toRecordedEvent) };
}

function matches(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === 0;
    case 'stream-exists':
      return current > 0;
    default:
      if (!Number.isInteger(expected) || expected < 0) throw new TypeError(`Invalid expected version: ${String(expected)}`);
      return current === expected;
  }
}

async function readStream(db: SqlExecutor, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
  const result = await db.query<EventRow>(
    `select ${EVENT_COLUMNS} from ${EVENTS} e
     where e.stream_id = $1 and e.stream_version ${backwards ? '<=' : '>='} $2
     order by e.stream_version ${backwards ? 'desc' : 'asc'} limit $3`,
    [streamId, from, options.maxCount ?? null],
  );
  return result.rows.map(toRecordedEvent);
}

/**
 * Reads the global log strictly after a checkpoint, never past the oldest transaction still
 * open (pg_snapshot_xmin): every event below that horizon is committed or gone for good, so a
 * reader can never skip one that commits later. No timers, no gap guessing.
 */
async function readLog(db: SqlExecutor, options: ReadAllOptions = {}): Promise<LogPage> {
  const after = options.after ?? LOG_START;
  const limit = options.maxCount ?? 1000;
  const filters: string[] = [];
  const params: unknown[] = [after.transactionId.toString(), after.position.toString(), limit];
  if (options.categories?.length) filters.push(`and e.category = any($${params.push([...options.categories])}::text[])`);
  if (options.eventTypes?.length) filters.push(`and e.event_type = any($${params.push([...options.eventTypes])}::text[])`);

  const result = await db.query<EventRow & { horizon: string }>(
    `select ${EVENT_COLUMNS}, h.horizon::text as horizon
     from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
     left join ${EVENTS} e on (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
       and e.transaction_id < h.horizon ${filters.join(' ')}
     order by e.transaction_id, e.global_position limit $3`,
    params,
  );
  const rows = result.rows.filter((row) => row.event_id !== null);
  const events = rows.map(toRecordedEvent);
  const last = events.at(-1);
  if (events.length === limit || filters.length === 0) {
    return { events, checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : after };
  }
  // A filtered page that is not full: move the checkpoint past the non-matching events below the same horizon.
  const head = await db.query<{ transaction_id: string; global_position: string }>(
    `select e.transaction_id::text as transaction_id, e.global_position::text as global_position from ${EVENTS} e
     where e.transaction_id < $1::xid8 and (e.transaction_id, e.global_position) > ($2::xid8, $3::bigint)
     order by e.transaction_id desc, e.global_position desc limit 1`,
    [result.rows[0]?.horizon ?? '0', after.transactionId.toString(), after.position.toString()],
  );
  const top = head.rows[0];
  return {
    events,
    checkpoint: top ? { transactionId: BigInt(top.transaction_id), position: BigInt(top.global_position) } : after,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === PG_UNIQUE_VIOLATION && e.constraint === constraint;
}
