import { EventIdConflictError, ExpectedVersionConflictError } from '../event-store.errors';
import type {
  AppendOptions,
  EventStoreReader,
  EventStoreWriter,
  NewStreamAppend,
  ReadStreamsOptions,
  TransactionalStore,
} from '../event-store.port';
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
import { genericPlanStatement, preparedStatement } from '../drivers/prepared-statements';
import type { SqlDatabase, SqlExecutor } from '../sql.port';
import type { CodecEvent, Decoder, EventCodec } from '../privacy/personal-data.codec';
import { withCurrentActor } from '../command/actor-context';
import { inAppendSpan, withTraceContext } from '../tracing/event-trace';
import { inAppendContext } from '../tracing/append-context';
import { jsonCopy } from '../json-copy';
import { Upcasters, type Upcaster } from '../upcasting';
import { EVENT_COLUMNS, EVENTS, insertColumnsOf, STREAMS, toRecordedEvent, type EventRow } from './event-row';
import { appendBatch, GroupCommitter, type GroupCommitOptions, type PendingAppend } from './group-commit';
import { HORIZON_COLUMNS, HorizonLooks, LOG_HORIZON, SERVER_LOG_HORIZON } from './log-horizon';
import { EVENTS_CHANNEL, migrateEventStore } from './schema';

export interface LogPage {
  readonly events: RecordedEvent[];
  /** Where the next read starts: past the returned events and past every non-matching event below the horizon. */
  readonly checkpoint: LogCheckpoint;
  /**
   * Only when the read asked (LogReadOptions.heldBack): whether events of its categories and types, committed and
   * after its `after`, lie at or above the read's horizon, where it could not return them (an older transaction still
   * open holds them back). On a page that is not full that is whether any such event lies past `checkpoint`.
   */
  readonly heldBack?: boolean;
}

/** A processor's log read: ReadAllOptions, and whether to look past the horizon in the same statement. */
export interface LogReadOptions extends ReadAllOptions {
  /** Fill LogPage.heldBack (one more probe of the log index, from the horizon up, in the read's own statement). */
  readonly heldBack?: boolean;
  /**
   * `after` is at the log's head, or just below it (the reader's last page, a moment ago, was not full): the statement
   * is prepared on `pg` and, outside a transaction, runs on connections that always take its generic plan
   * (genericPlanStatement: parsed and planned once per connection; PostgreSQL's plan cache priced that plan above the
   * custom ones and planned 45-78 % of these reads anew at 50 leads/s). Near the head the generic plan reads the log
   * index from `after` up, which is what a near-head read wants (a custom plan sometimes took a bitmap of the
   * category's whole part of the filter index: 86 buffers for 24 rows in a 300/s run); from far
   * behind, a rare category's custom plan takes the filter index where the generic plan walks the log (150-200 ms
   * against 0.1-0.3 on 110,000 events: tools/bench/experiments/prepared-plans.experiment.ts), so a read that is
   * catching up, or does not know, stays unprepared.
   */
  readonly nearHead?: boolean;
}

const PG_UNIQUE_VIOLATION = '23505';

export interface EventStoreOptions {
  readonly migrate?: boolean;
  /** Applied to events on append (encode) and on every read (decode): the personal-data encryption. */
  readonly codec?: EventCodec;
  /** Applied on every read after decoding (not by `raw`): events stored at an older schema version read at the current one. */
  readonly upcasters?: readonly Upcaster[];
  /** Concurrent standalone appends to different streams share a commit (default on); `false` writes each alone. */
  readonly groupCommit?: GroupCommitOptions | false;
  /**
   * How long the server-wide log horizon stands at one transaction before this store's log reads look at the
   * server's backends to pass it if it is another database's (HorizonLooks in log-horizon.ts; default 100 ms).
   */
  readonly horizonLookAfterMs?: number;
}

/**
 * The event store on PostgreSQL; the same SQL runs on a server (`pg`) and on PGlite. With a codec,
 * events are stored encoded and read decoded; `raw` reads them as stored (what the Kafka relay sends).
 */
export class PostgresEventStore implements TransactionalStore {
  private rawStore: PostgresEventStore | undefined;

  private readonly codec: EventCodec;

  private readonly appends: GroupCommitter | undefined;

  private constructor(
    readonly db: SqlDatabase,
    private readonly storedCodec: EventCodec = IDENTITY,
    upcasters: Upcasters = new Upcasters(),
    private readonly groupCommit: GroupCommitOptions | false = {},
    /** When this store's log reads look for the horizon: shared with its `raw` view. */
    private readonly looks: HorizonLooks = new HorizonLooks(),
  ) {
    const writeOne = (a: PendingAppend) => appendInOneStatement(db, a.streamId, a.events, a.expected, a.plain).catch(stoppedByStoredId);
    this.appends = groupCommit === false ? undefined : new GroupCommitter(db, writeOne, groupCommit);
    // Reads decode, then upcast: what every reader (streams, log, processors, Kafka handlers) sees.
    this.codec =
      upcasters.size === 0
        ? storedCodec
        : {
            encode: (tx, events) => storedCodec.encode(tx, events),
            decode: async (tx, events) => upcasters.upcast(await storedCodec.decode(tx, events)),
            decoder: (tx, expected) => {
              const decode = decoderOf(storedCodec, tx, expected);
              return async (events) => upcasters.upcast(await decode(events));
            },
          };
  }

  static async create(db: SqlDatabase, options: EventStoreOptions = {}): Promise<PostgresEventStore> {
    if (options.migrate !== false) await migrateEventStore(db);
    return new PostgresEventStore(
      db,
      options.codec,
      new Upcasters(options.upcasters),
      options.groupCommit,
      new HorizonLooks(options.horizonLookAfterMs),
    );
  }

  /** The same store reading events as stored (encoded, at the version written); appends still encode. */
  get raw(): PostgresEventStore {
    if (this.codec === IDENTITY) return this;
    this.rawStore ??= new PostgresEventStore(
      this.db,
      { encode: (tx, events) => this.codec.encode(tx, events), decode: IDENTITY.decode },
      undefined,
      this.groupCommit,
      this.looks,
    );
    return this.rawStore;
  }

  /** Decodes events read as stored (from `raw`, Kafka or SQL): personal fields back, or erased; older versions upcast. */
  decode<E extends RecordedEvent>(events: readonly E[], tx: SqlExecutor = this.db): Promise<E[]> {
    return this.codec.decode(tx, events);
  }

  /**
   * `decode` in two steps (EventCodec.decoder): what decoding events like `expected` needs (their data keys) is read in
   * `tx` at once, beside the statements issued with it; the answer decodes the events it is given. A Kafka consumer
   * reads a record's stored copy and its key in one round trip this way, the key named by the record it got.
   */
  decoder(expected: readonly RecordedEvent[], tx: SqlExecutor = this.db): Decoder {
    return decoderOf(this.codec, tx, expected);
  }

  /** `decode` for rows read with SQL of one's own (id, type and data as stored): decrypted, not upcast (such rows may lack their schema version). */
  decodeStored<E extends CodecEvent>(events: readonly E[], tx: SqlExecutor = this.db): Promise<E[]> {
    return this.storedCodec.decode(tx, events);
  }

  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return inAppendSpan(streamId, events, () => this.appendInSpan(streamId, events, options));
  }

  private async appendInSpan(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const plain = prepare(streamId, events);
    const prepared = await this.codec.encode(this.db, plain);
    const expected = options.expectedVersion ?? 'any';
    const pending: PendingAppend = { streamId, events: prepared, plain, expected };
    const fast = this.appends
      ? await this.appends.append(pending)
      : await appendInOneStatement(this.db, streamId, prepared, expected, plain).catch(stoppedByStoredId);
    if (fast) return fast;
    // The version did not match or some ids are stored: the locking path tells a conflict from an idempotent re-append.
    const locking = (tx: SqlExecutor) => append(tx, streamId, prepared, expected, plain, this.codec);
    try {
      return await this.db.transaction(locking);
    } catch (error) {
      // Two appends of the same new ids raced past the idempotency check: the loser retries and finds them stored.
      if (isUniqueViolation(error, 'events_pkey')) {
        return this.db.transaction(locking);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.codec.decode(this.db, await readStream(this.db, streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.readLog(options)).events;
  }

  async readEvents(eventIds: readonly string[]): Promise<RecordedEvent[]> {
    return this.codec.decode(this.db, await readEvents(this.db, eventIds));
  }

  async readStreams(streamIds: readonly string[], options?: ReadStreamsOptions): Promise<RecordedEvent[]> {
    return this.codec.decode(this.db, await readStreams(this.db, streamIds, options));
  }

  async readLog(options?: LogReadOptions): Promise<LogPage> {
    const page = await readLog(this.db, options, this.looks);
    return { ...page, events: await this.codec.decode(this.db, page.events) };
  }

  /**
   * Whether any matching event lies beyond a checkpoint, committed or not yet below the
   * horizon: an empty page only means "caught up" when this is false.
   */
  async hasEventsAfter(after: LogCheckpoint, filter: Pick<ReadAllOptions, 'categories' | 'eventTypes'> = {}): Promise<boolean> {
    const params: unknown[] = [after.transactionId.toString(), after.position.toString()];
    // The first such event in log order, not `exists (…)`: planned generically (a statement PGlite runs named, or pg
    // past its fifth run) and with statistics, an `exists` expects an early match anywhere and scans the table
    // from its start; in log order from the checkpoint it is one step on the log index when caught up.
    const { rows } = await this.db.query(
      `select 1 as found from ${EVENTS} e
       where (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) ${logFilters(params, filter)}
       order by e.transaction_id, e.global_position limit 1`,
      params,
    );
    return rows.length > 0;
  }

  inTransaction(tx: SqlExecutor): EventStoreReader & EventStoreWriter {
    const codec = this.codec;
    const looks = this.looks;
    return {
      appendToStream: (streamId, events, options = {}) =>
        inAppendSpan(streamId, events, async () => {
          const plain = prepare(streamId, events);
          return append(tx, streamId, await codec.encode(tx, plain), options.expectedVersion ?? 'any', plain, codec);
        }),
      appendToNewStreams: async (appends) =>
        (await appendToNewStreams(tx, codec, appends)).map((outcome, i) => {
          if (!outcome) throw new ExpectedVersionConflictError(appends[i].streamId, 'no-stream', -1);
          return outcome;
        }),
      appendToStreamsIfNew: (appends) => appendToNewStreams(tx, codec, appends),
      readStream: async (streamId, options) => codec.decode(tx, await readStream(tx, streamId, options)),
      readAll: async (options) => codec.decode(tx, (await readLog(tx, options, looks)).events),
      readEvents: async (eventIds) => codec.decode(tx, await readEvents(tx, eventIds)),
      readStreams: async (streamIds, options) => codec.decode(tx, await readStreams(tx, streamIds, options)),
    };
  }
}

/**
 * New streams' first events in one statement inside the caller's transaction (group commit's batch insert), one
 * encoding pass for all of them; undefined for a stream that exists (nothing written to it; appendToNewStreams
 * makes that a conflict, and the caller rolls back).
 */
async function appendToNewStreams(
  tx: SqlExecutor,
  codec: EventCodec,
  appends: readonly NewStreamAppend[],
): Promise<(AppendResult | undefined)[]> {
  if (appends.length === 0) return [];
  if (new Set(appends.map((a) => a.streamId)).size !== appends.length) {
    throw new TypeError('appendToNewStreams: each stream at most once');
  }
  return inAppendSpan(
    `${categoryOf(appends[0].streamId)}-*`,
    appends.flatMap((a) => a.events),
    async () => {
      const plain = appends.map((a) => inAppendContext(a.context, () => prepare(a.streamId, a.events)));
      const encoded = await codec.encode(tx, plain.flat());
      let at = 0;
      const pending: PendingAppend[] = appends.map((a, i) => {
        const events = encoded.slice(at, (at += plain[i].length));
        return { streamId: a.streamId, events, plain: plain[i], expected: 'no-stream' };
      });
      return appendBatch(tx, pending);
    },
  );
}

/** A stored event id stops the one-statement path: the locking path then tells a re-append from a conflict. */
function stoppedByStoredId(error: unknown): undefined {
  if (isUniqueViolation(error, 'events_pkey')) return undefined;
  throw error;
}

/** The codec's two-step decode, or its `decode` (reading when called) for a codec without one. */
function decoderOf(codec: EventCodec, tx: SqlExecutor, expected: readonly CodecEvent[]): Decoder {
  return codec.decoder ? codec.decoder(tx, expected) : (events) => codec.decode(tx, events);
}

/** No encoding: events are stored as given. */
const IDENTITY: EventCodec = {
  encode: async (_tx, events) => [...events],
  decode: async (_tx, events) => [...events],
};

interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown> & { schemaVersion: number };
}

function prepare(streamId: string, events: readonly NewEvent[]): PreparedEvent[] {
  if (!streamId) throw new TypeError('appendToStream: streamId is required');
  if (events.length === 0) throw new TypeError(`appendToStream(${streamId}): no events to append`);
  const prepared = events.map((event) => ({
    id: event.id ?? newEventId(),
    type: event.type,
    data: event.data ?? null,
    // The active span's trace context goes with the event (tracing/event-trace.ts); none when tracing is off.
    // So does who caused it: the request's caller, or the reaction or timer (command/actor-context.ts).
    metadata: withTraceContext(withCurrentActor({ ...event.metadata, schemaVersion: event.metadata?.schemaVersion ?? 1 })),
  }));
  // As JSON gives them back, so the events returned by an append equal the ones read back later.
  return jsonCopy(prepared);
}

function toRows(events: readonly PreparedEvent[], firstVersion: number) {
  return events.map((e, i) => ({ ...insertColumnsOf(e), ord: i, stream_version: firstVersion + i }));
}

interface PositionRow {
  stream_version: string;
  global_position: string;
  transaction_id: string;
  recorded_at: Date | string;
}

const RETURNING_POSITIONS = `e.stream_version::text as stream_version, e.global_position::text as global_position,
  e.transaction_id::text as transaction_id, e.recorded_at`;

function recorded(streamId: string, events: readonly PreparedEvent[], rows: readonly PositionRow[]): RecordedEvent[] {
  const category = categoryOf(streamId);
  return rows.map((row, i) => ({
    id: events[i].id,
    type: events[i].type,
    data: events[i].data,
    metadata: events[i].metadata,
    streamId,
    streamVersion: Number(row.stream_version),
    category,
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  }));
}

/** appendInOneStatement's move of the stream row, by expectation: $2 stream, $3 category, $4 events, $5 the exact version. */
function moveStreamFor(kind: 'any' | 'new' | 'exists' | 'exact'): string {
  if (kind === 'any' || kind === 'new')
    return `insert into ${STREAMS} as s (stream_id, category, version) values ($2, $3, $4)
         on conflict (stream_id) do update set version = s.version + $4, updated_at = now()
         ${kind === 'any' ? '' : 'where s.version = 0'} returning s.version`;
  return `update ${STREAMS} s set version = s.version + $4, updated_at = now()
         where s.stream_id = $2 ${kind === 'exists' ? 'and s.version > 0' : 'and s.version = $5'} returning s.version`;
}

/**
 * appendInOneStatement's four statements, one per expectation, prepared on each `pg` connection (parsed once, then
 * planned by the plan cache): their plans do not depend on the values (the stream by its key, the events in jsonb).
 */
const APPEND_ONE = Object.fromEntries(
  (['any', 'new', 'exists', 'exact'] as const).map((kind) => [
    kind,
    preparedStatement(
      `with s as (${moveStreamFor(kind)}),
     e as (
       insert into ${EVENTS} (event_id, stream_id, stream_version, category, event_type, data, metadata,
                              lead_id, correlation_id, causation_id, schema_version)
       select r.event_id, $2, s.version - $4 + r.ord + 1, $3, r.event_type, r.data, r.metadata,
              r.lead_id, r.correlation_id, r.causation_id, r.schema_version
       from s, jsonb_to_recordset($1::jsonb) as r(event_id uuid, ord bigint, event_type text, data jsonb,
            metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
       order by r.ord
       returning stream_version, global_position, transaction_id, recorded_at, event_type
     ),
     notified as (select pg_notify('${EVENTS_CHANNEL}', $3 || '/' || t.event_type) from (select distinct event_type from e) t)
     select ${RETURNING_POSITIONS}, (select count(*) from notified) as notified from e order by e.stream_version`,
    ),
  ]),
) as Record<'any' | 'new' | 'exists' | 'exact', string>;

/**
 * The common case in one autocommitted statement (one round trip): move the stream version
 * only if it matches, insert the events numbered from the new version, notify readers.
 * Returns undefined, having written nothing, when the version does not match.
 */
async function appendInOneStatement(
  db: SqlExecutor,
  streamId: string,
  events: readonly PreparedEvent[],
  expected: ExpectedVersion,
  plain: readonly PreparedEvent[],
): Promise<AppendResult | undefined> {
  const n = events.length;
  const params: unknown[] = [JSON.stringify(toRows(events, 1)), streamId, categoryOf(streamId), n];
  let kind: 'any' | 'new' | 'exists' | 'exact';
  if (expected === 'any') kind = 'any';
  else if (expected === 'no-stream' || expected === 0) kind = 'new';
  else if (expected === 'stream-exists') kind = 'exists';
  else if (typeof expected === 'number' && Number.isInteger(expected) && expected > 0) {
    kind = 'exact';
    params.push(expected);
  } else throw new TypeError(`Invalid expected version: ${String(expected)}`);
  const { rows } = await db.query<PositionRow>(APPEND_ONE[kind], params);
  if (rows.length === 0) return undefined;
  return { nextExpectedVersion: Number(rows[n - 1].stream_version), written: true, events: recorded(streamId, plain, rows) };
}

/** `events` as stored (encoded), `plain` as given: what the result returns. */
async function append(
  tx: SqlExecutor,
  streamId: string,
  events: readonly PreparedEvent[],
  expected: ExpectedVersion,
  plain: readonly PreparedEvent[],
  codec: EventCodec,
): Promise<AppendResult> {
  const category = categoryOf(streamId);
  // Locks the stream row (creating it at version 0) so appends to one stream serialise here.
  const locked = await tx.query<{ version: string }>(
    `insert into ${STREAMS} as s (stream_id, category, version) values ($1, $2, 0)
     on conflict (stream_id) do update set stream_id = s.stream_id
     returning s.version::text as version`,
    [streamId, category],
  );
  const current = Number(locked.rows[0].version);
  // The common case in one more statement: the insert, unless an id is stored (checked under the stream's lock).
  const fresh = matches(expected, current) && (await insertUnderLock(tx, streamId, events, current, plain, 'unless-stored'));
  if (fresh) return fresh;

  const ids = events.map((e) => e.id);
  const stored = await tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from ${EVENTS} e where e.event_id = any($1::uuid[]) order by e.stream_version`,
    [ids],
  );
  if (stored.rows.length > 0) {
    const sameAppend =
      stored.rows.length === ids.length && stored.rows.every((row, i) => row.stream_id === streamId && row.event_id === ids[i]);
    if (!sameAppend)
      throw new EventIdConflictError(
        streamId,
        stored.rows.map((r) => r.event_id),
      );
    return { nextExpectedVersion: current, written: false, events: await codec.decode(tx, stored.rows.map(toRecordedEvent)) };
  }

  if (!matches(expected, current)) throw new ExpectedVersionConflictError(streamId, expected, current);
  return (await insertUnderLock(tx, streamId, events, current, plain, 'always'))!;
}

/**
 * Inserts the events after `current` on a stream the caller has locked, moves its version and
 * notifies readers; with 'unless-stored', writes nothing (undefined) when any of the ids is stored.
 */
async function insertUnderLock(
  tx: SqlExecutor,
  streamId: string,
  events: readonly PreparedEvent[],
  current: number,
  plain: readonly PreparedEvent[],
  when: 'unless-stored' | 'always',
): Promise<AppendResult | undefined> {
  const params: unknown[] = [JSON.stringify(toRows(events, current + 1)), streamId, categoryOf(streamId), current + events.length];
  const unlessStored =
    when === 'unless-stored'
      ? `where not exists (select 1 from ${EVENTS} x where x.event_id = any($${params.push(events.map((e) => e.id))}::uuid[]))`
      : '';
  const inserted = await tx.query<PositionRow>(
    `with e as (
       insert into ${EVENTS} (event_id, stream_id, stream_version, category, event_type, data, metadata,
                              lead_id, correlation_id, causation_id, schema_version)
       select r.event_id, $2, r.stream_version, $3, r.event_type, r.data, r.metadata,
              r.lead_id, r.correlation_id, r.causation_id, r.schema_version
       from jsonb_to_recordset($1::jsonb) as r(event_id uuid, stream_version bigint, event_type text, data jsonb,
            metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
       ${unlessStored}
       order by r.stream_version
       returning stream_version, global_position, transaction_id, recorded_at, event_type
     ), s as (
       update ${STREAMS} set version = $4, updated_at = now() where stream_id = $2 and exists (select 1 from e)
     ), notified as (select pg_notify('${EVENTS_CHANNEL}', $3 || '/' || t.event_type) from (select distinct event_type from e) t)
     select ${RETURNING_POSITIONS}, (select count(*) from notified) as notified from e order by e.stream_version`,
    params,
  );
  if (inserted.rows.length === 0) return undefined;
  return { nextExpectedVersion: current + events.length, written: true, events: recorded(streamId, plain, inserted.rows) };
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

/**
 * One stream's read, prepared on each `pg` connection: its plan reads the stream through the unique index whatever the
 * values (the generic plan is the custom one).
 */
const READ_STREAM = {
  forwards: preparedStatement(`select ${EVENT_COLUMNS} from ${EVENTS} e
     where e.stream_id = $1 and e.stream_version >= $2 order by e.stream_version asc limit $3`),
  backwards: preparedStatement(`select ${EVENT_COLUMNS} from ${EVENTS} e
     where e.stream_id = $1 and e.stream_version <= $2 order by e.stream_version desc limit $3`),
};
/**
 * Reads by a list of keys are not prepared: a generic plan for `= any($1)` made while the log is small (a new
 * database, before autovacuum has analyzed it) scans the whole table, and keeps doing so as the log grows until the
 * next analyze replans it (the pipeline bench's minute: 4,551 sequential scans reading 28.6 M rows, statement time
 * per lead 7.1 ms against 3.3). Planned per call, they take the index.
 *
 * A list of streams is read one stream at a time through the unique index (a lateral join on the listed ids, which
 * the planner cannot flatten: the inner read is ordered), not as `stream_id = any($1)`: on a log with no statistics
 * yet (a new database's first minute, before autovacuum's first look) the planner takes each listed id to match 0.5 %
 * of the log, so a list of a few dozen streams was read by a sequential scan of the whole log, which grows with
 * every lead (at 500 leads/s offered: 160-190 reads a run of 30 s at 24-34 ms each, PostgreSQL's largest statement).
 * Joined per stream, the unique index serves each stream whatever the statistics say (before the log's first
 * analysis as a bitmap scan and a sort per stream, 0.4 ms for ~110 streams; after it as an index scan); where `= any`
 * takes the index too it costs ~0.1 ms more (60 streams on a quiet server: 0.44-0.52 ms against 0.36-0.40), and over a
 * minute at 500 leads/s the line sustained 27-28 % more (docs/benchmarks.md, "Issue 15, the fifteenth 2026-12-06
 * session"). Before that first analysis the planner still prices the read by a log it believes holds thousands of
 * events per stream: past `jit_optimize_above_cost`, which is why the platform's connections run with JIT off
 * (pg.database.ts; "Issue 15, the nineteenth 2026-12-07 session").
 */
const readStreamsSql = (where = '') => `select ${EVENT_COLUMNS} from unnest($1::text[]) as k(stream_id)
   cross join lateral (select * from ${EVENTS} x where x.stream_id = k.stream_id${where} order by x.stream_version) e
   order by e.stream_id, e.stream_version`;
const READ_STREAMS = readStreamsSql();
const READ_STREAMS_OF_TYPES = readStreamsSql(' and x.event_type = any($2::text[])');
const READ_EVENTS = `select ${EVENT_COLUMNS} from ${EVENTS} e where e.event_id = any($1::uuid[])`;

async function readStream(db: SqlExecutor, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
  const result = await db.query<EventRow>(READ_STREAM[backwards ? 'backwards' : 'forwards'], [streamId, from, options.maxCount ?? null]);
  return result.rows.map(toRecordedEvent);
}

async function readStreams(db: SqlExecutor, streamIds: readonly string[], options: ReadStreamsOptions = {}): Promise<RecordedEvent[]> {
  if (streamIds.length === 0) return [];
  const ids = [...new Set(streamIds)];
  const result = options.eventTypes?.length
    ? await db.query<EventRow>(READ_STREAMS_OF_TYPES, [ids, [...options.eventTypes]])
    : await db.query<EventRow>(READ_STREAMS, [ids]);
  return result.rows.map(toRecordedEvent);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readEvents(db: SqlExecutor, eventIds: readonly string[]): Promise<RecordedEvent[]> {
  // Event ids are uuids: anything else cannot be stored, and would fail the cast.
  const ids = eventIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return [];
  const result = await db.query<EventRow>(READ_EVENTS, [ids]);
  return result.rows.map(toRecordedEvent);
}

/**
 * Reads the global log strictly after a checkpoint, never past the log's horizon (LOG_HORIZON: the
 * oldest transaction still open that may write to this database; or, when `looks` sees no reason to look,
 * SERVER_LOG_HORIZON: the oldest open on the server): every event below it is committed or gone for
 * good, so a reader can never skip one that commits later. No timers, no gap guessing.
 */
async function readLog(db: SqlExecutor, options: LogReadOptions | undefined, looks: HorizonLooks): Promise<LogPage> {
  const after = options?.after ?? LOG_START;
  const limit = options?.maxCount ?? 1000;
  const params: unknown[] = [after.transactionId.toString(), after.position.toString(), limit];
  const filters = logFilters(params, options ?? {});
  // A filtered page that is not full moves the checkpoint past the non-matching events below the same horizon: the
  // last event of the log there, found by the same statement (one backward step on the log index).
  const head = filters
    ? `left join lateral (
         select x.transaction_id, x.global_position from ${EVENTS} x
         where x.transaction_id < h.horizon and (x.transaction_id, x.global_position) > ($1::xid8, $2::bigint)
         order by x.transaction_id desc, x.global_position desc limit 1
       ) top on true`
    : '';
  const headColumns = filters ? ', top.transaction_id::text as head_transaction_id, top.global_position::text as head_position' : '';
  // Held back: the first matching event after the checkpoint at or above the horizon (a committed one, as this
  // statement sees the log; one that commits later notifies). Only the scalar bound is an index condition, so the scan
  // starts at the horizon (with the row comparison beside it, the index scan started at the checkpoint and walked a
  // backlog); past it, `(transaction_id, global_position) > ($1, $2)` is the `or` below.
  const heldBack = options?.heldBack === true;
  const above = heldBack
    ? `left join lateral (
         select true as found from ${EVENTS} e
         where e.transaction_id >= greatest(h.horizon, $1::xid8) and (e.transaction_id > $1::xid8 or e.global_position > $2::bigint) ${filters}
         order by e.transaction_id, e.global_position limit 1
       ) above on true`
    : '';
  const aboveColumns = heldBack ? ', above.found is not null as held_back' : '';
  const look = looks.shouldLook();

  // One text per shape (filters, held back, look): only the values change from call to call.
  const text = `select ${EVENT_COLUMNS}${headColumns}${aboveColumns}, ${HORIZON_COLUMNS}
     from (select ${look ? LOG_HORIZON : SERVER_LOG_HORIZON} as horizon) h
     ${head}
     ${above}
     left join lateral (
       select * from ${EVENTS} e
       where (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) and e.transaction_id < h.horizon ${filters}
       order by e.transaction_id, e.global_position limit $3
     ) e on true
     order by e.transaction_id, e.global_position`;
  const result = await db.query<
    EventRow & {
      head_transaction_id?: string | null;
      head_position?: string | null;
      held_back?: boolean;
      server_horizon: string;
      horizon_passed: boolean;
    }
  >(options?.nearHead === true ? genericPlanStatement(text) : text, params);
  const first = result.rows[0];
  // One row at least (the horizon's, left joined): every read tells `looks` what it found.
  if (first) looks.read(first.server_horizon, look, first.horizon_passed === true);
  const rows = result.rows.filter((row) => row.event_id !== null);
  const events = rows.map(toRecordedEvent);
  const last = events.at(-1);
  const answer = heldBack ? { heldBack: first?.held_back === true } : {};
  if (events.length === limit || filters === '') {
    return { events, checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : after, ...answer };
  }
  const top = result.rows[0];
  return {
    events,
    checkpoint:
      top?.head_transaction_id && top.head_position
        ? { transactionId: BigInt(top.head_transaction_id), position: BigInt(top.head_position) }
        : after,
    ...answer,
  };
}

/** `and …` conditions for a category / event-type filter; pushes their parameters. */
function logFilters(params: unknown[], filter: Pick<ReadAllOptions, 'categories' | 'eventTypes'>): string {
  const conditions: string[] = [];
  if (filter.categories?.length) conditions.push(`and e.category = any($${params.push([...filter.categories])}::text[])`);
  if (filter.eventTypes?.length) conditions.push(`and e.event_type = any($${params.push([...filter.eventTypes])}::text[])`);
  return conditions.join(' ');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === PG_UNIQUE_VIOLATION && e.constraint === constraint;
}
