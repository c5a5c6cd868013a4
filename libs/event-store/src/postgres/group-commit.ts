import { DatabaseUnavailableError } from '../event-store.errors';
import { categoryOf, type AppendResult, type ExpectedVersion, type RecordedEvent } from '../event.types';
import { preparedStatement } from '../drivers/prepared-statements';
import type { SqlExecutor } from '../sql.port';
import { EVENTS, insertColumnsOf, STREAMS } from './event-row';
import { EVENTS_CHANNEL } from './schema';

export interface GroupCommitOptions {
  /** Batches written at once, so one executes while another waits for its WAL flush (default 2). */
  readonly maxInFlight?: number;
  /** Appends in one batch at most (default 200). */
  readonly maxAppends?: number;
}

export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown> & { schemaVersion: number };
}

/** One standalone append as it waits for a batch: `events` as stored (encoded), `plain` as given back. */
export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly StoredEvent[];
  readonly plain: readonly StoredEvent[];
  readonly expected: ExpectedVersion;
}

/** What a batch says about one append: written, or not (version mismatch: the caller's locking path decides). */
export type BatchOutcome = AppendResult | undefined;

/** Writes one append alone; the store's one-statement path (and its error handling). */
export type WriteOne = (append: PendingAppend) => Promise<BatchOutcome>;

interface Waiting {
  readonly append: PendingAppend;
  resolve(outcome: BatchOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for standalone appends: concurrent appends to different streams share one
 * autocommitted statement, so one commit (one WAL flush) serves them all. Each append keeps its
 * own optimistic-concurrency check: one whose version does not match is left out of the batch
 * (the caller's locking path then tells a conflict from an idempotent re-append). Batches are
 * taken at the end of the event loop's turn (`setImmediate`) in which appends arrived or a batch
 * finished: appends that arrive together share a batch, and so do the writers a finished batch
 * lets go, who come back with their next appends in that same turn (taken at once, the first of
 * them went alone into the free slot and the rest waited a whole round trip). No timer: a lone
 * writer waits for the rest of the turn, no longer; with no batch slot free, appends wait for the
 * next one.
 */
export class GroupCommitter {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  /** Streams with an append in a batch being written: their next append waits, so a stream's appends keep their order. */
  private readonly busy = new Set<string>();
  private readonly maxInFlight: number;
  private readonly maxAppends: number;
  /** A pump is due at the end of this turn of the event loop. */
  private pumpDue = false;

  constructor(
    private readonly db: SqlExecutor,
    private readonly writeOne: WriteOne,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
    this.maxAppends = Math.max(1, options.maxAppends ?? 200);
  }

  append(append: PendingAppend): Promise<BatchOutcome> {
    return new Promise<BatchOutcome>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.pumpSoon();
    });
  }

  /** Pumps once the current turn's callbacks (and what they append) have run. */
  private pumpSoon(): void {
    if (this.pumpDue) return;
    this.pumpDue = true;
    setImmediate(() => {
      this.pumpDue = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const w of batch) this.busy.add(w.append.streamId);
      void this.write(batch).finally(() => {
        for (const w of batch) this.busy.delete(w.append.streamId);
        this.inFlight--;
        this.pumpSoon();
      });
    }
  }

  /**
   * The oldest waiting appends, one per stream and none on a stream being written: a second append
   * to a stream waits for a later batch, so appends to one stream commit in their order of arrival
   * and two batches never lock the same stream rows (no deadlock between them).
   */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const streams = new Set<string>(this.busy);
    for (let i = 0; i < this.queue.length && batch.length < this.maxAppends;) {
      const waiting = this.queue[i];
      if (streams.has(waiting.append.streamId)) {
        i++;
        continue;
      }
      streams.add(waiting.append.streamId);
      batch.push(waiting);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    if (batch.length === 1) {
      await this.writeOne(batch[0].append).then(batch[0].resolve, batch[0].reject);
      return;
    }
    let outcomes: BatchOutcome[];
    try {
      outcomes = await appendBatch(
        this.db,
        batch.map((w) => w.append),
      );
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        for (const w of batch) w.reject(error);
        return;
      }
      // A stored event id, a deadlock, a bad value in one append: nothing was written; each goes alone and meets its own outcome.
      await Promise.all(batch.map((w) => this.writeOne(w.append).then(w.resolve, w.reject)));
      return;
    }
    batch.forEach((w, i) => w.resolve(outcomes[i]));
  }
}

function expectationOf(expected: ExpectedVersion): { kind: 'any' | 'new' | 'exists' | 'exact'; version: number | null } {
  if (expected === 'any') return { kind: 'any', version: null };
  if (expected === 'no-stream' || expected === 0) return { kind: 'new', version: null };
  if (expected === 'stream-exists') return { kind: 'exists', version: null };
  if (!Number.isInteger(expected) || expected < 0) throw new TypeError(`Invalid expected version: ${String(expected)}`);
  return { kind: 'exact', version: expected };
}

interface BatchRow {
  stream_id: string;
  stream_version: string;
  global_position: string;
  transaction_id: string;
  recorded_at: Date | string;
}

const MOVED = `insert into ${STREAMS} as s (stream_id, category, version)
       select a.stream_id, a.category, a.n from a where a.kind = $KIND order by a.stream_id
       on conflict (stream_id) do update set version = s.version + excluded.version, updated_at = now()`;

/** appendBatch's one statement, prepared on each connection: its plan does not depend on the values (all in jsonb). */
const APPEND_BATCH = preparedStatement(
  `with a as (
       select * from jsonb_to_recordset($1::jsonb) as a(i int, stream_id text, category text, n bigint, kind text, expected bigint)
     ),
     upserted as (${MOVED.replace('$KIND', `'any'`)} returning s.stream_id, s.version),
     created as (${MOVED.replace('$KIND', `'new'`)} where s.version = 0 returning s.stream_id, s.version),
     updated as (
       update ${STREAMS} s set version = s.version + a.n, updated_at = now() from a
       where s.stream_id = a.stream_id
         and ((a.kind = 'exists' and s.version > 0) or (a.kind = 'exact' and s.version = a.expected))
       returning s.stream_id, s.version
     ),
     m as (
       select a.i, a.stream_id, a.category, a.n, v.version
       from a join (select * from upserted union all select * from created union all select * from updated) v
         on v.stream_id = a.stream_id
     ),
     e as (
       insert into ${EVENTS} (event_id, stream_id, stream_version, category, event_type, data, metadata,
                              lead_id, correlation_id, causation_id, schema_version)
       select r.event_id, m.stream_id, m.version - m.n + r.ord + 1, m.category, r.event_type, r.data, r.metadata,
              r.lead_id, r.correlation_id, r.causation_id, r.schema_version
       from m join jsonb_to_recordset($2::jsonb) as r(i int, ord bigint, event_id uuid, event_type text, data jsonb,
            metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer) on r.i = m.i
       order by m.i, r.ord
       returning stream_id, stream_version, global_position, transaction_id, recorded_at, category, event_type
     ),
     notified as (
       select pg_notify('${EVENTS_CHANNEL}', c.category || '/' || c.event_type) from (select distinct category, event_type from e) c
     )
     select e.stream_id, e.stream_version::text as stream_version, e.global_position::text as global_position,
            e.transaction_id::text as transaction_id, e.recorded_at, (select count(*) from notified) as notified
     from e order by e.stream_id, e.stream_version`,
);

/**
 * Appends to distinct streams in one statement: each stream row moves only if its expectation
 * holds (an upsert for `any`, an upsert that only moves version 0 for `no-stream`, a conditional
 * update otherwise), the events of the appends that moved are inserted numbered from their new
 * versions, and each category written is notified once.
 */
export async function appendBatch(db: SqlExecutor, appends: readonly PendingAppend[]): Promise<BatchOutcome[]> {
  const heads = appends.map((a, i) => {
    const { kind, version } = expectationOf(a.expected);
    return { i, stream_id: a.streamId, category: categoryOf(a.streamId), n: a.events.length, kind, expected: version };
  });
  const rows = appends.flatMap((a, i) => a.events.map((e, ord) => ({ i, ord, ...insertColumnsOf(e) })));
  const { rows: written } = await db.query<BatchRow>(APPEND_BATCH, [JSON.stringify(heads), JSON.stringify(rows)]);
  const byStream = new Map<string, BatchRow[]>();
  for (const row of written) {
    const list = byStream.get(row.stream_id);
    if (list) list.push(row);
    else byStream.set(row.stream_id, [row]);
  }
  return appends.map((a) => {
    const stored = byStream.get(a.streamId);
    if (!stored) return undefined;
    const events: RecordedEvent[] = stored.map((row, i) => ({
      id: a.plain[i].id,
      type: a.plain[i].type,
      data: a.plain[i].data,
      metadata: a.plain[i].metadata,
      streamId: a.streamId,
      streamVersion: Number(row.stream_version),
      category: categoryOf(a.streamId),
      globalPosition: BigInt(row.global_position),
      transactionId: BigInt(row.transaction_id),
      recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
    }));
    return { nextExpectedVersion: events[events.length - 1].streamVersion, written: true, events };
  });
}
