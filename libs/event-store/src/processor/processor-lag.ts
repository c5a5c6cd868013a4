import type { LogCheckpoint } from '../event.types';
import { CHECKPOINTS, EVENTS } from '../postgres/event-row';
import { LOG_HORIZON } from '../postgres/log-horizon';
import type { ProcessorOptions } from '../processor.types';
import type { SqlExecutor } from '../sql.port';

/** How far a processor is behind the global log, from its stored checkpoint. */
export interface ProcessorLag {
  readonly processorId: string;
  /** The stored checkpoint (the log start when it has none yet). */
  readonly checkpoint: LogCheckpoint;
  /** The newest event of its categories and types in the log; null while there is none. */
  readonly head: LogCheckpoint | null;
  /** Committed events of its categories and types after the checkpoint: what it has yet to handle. */
  readonly events: number;
  /** How long the oldest of them has been in the store (database clock); 0 when there is none. */
  readonly seconds: number;
}

/**
 * One query over the checkpoint row and the log's indexes (category or type, then log order). The
 * count walks the backlog, so it costs what the backlog is long: nothing on a processor that keeps up.
 */
export async function processorLag(
  db: SqlExecutor,
  processorId: string,
  filter: Pick<ProcessorOptions, 'categories' | 'eventTypes'> = {},
): Promise<ProcessorLag> {
  const params: unknown[] = [processorId];
  const filters = filterConditions(filter, params);
  const after = `(e.transaction_id, e.global_position) > (c.transaction_id, c.position) ${filters}`;
  const { rows } = await db.query<LagRow>(
    `with c as (
       select coalesce((select transaction_id from ${CHECKPOINTS} where processor_id = $1), '0'::xid8) as transaction_id,
         coalesce((select position from ${CHECKPOINTS} where processor_id = $1), 0) as position
     )
     select c.transaction_id::text as transaction_id, c.position::text as position,
       (select count(*) from ${EVENTS} e where ${after})::text as events,
       (select extract(epoch from now() - e.recorded_at)::float8 from ${EVENTS} e where ${after}
         order by e.transaction_id, e.global_position limit 1) as seconds,
       h.transaction_id::text as head_transaction_id, h.global_position::text as head_position
     from c left join lateral (
       select e.transaction_id, e.global_position from ${EVENTS} e where true ${filters}
       order by e.transaction_id desc, e.global_position desc limit 1
     ) h on true`,
    params,
  );
  const row = rows[0];
  return {
    processorId,
    checkpoint: { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
    head: row.head_transaction_id === null ? null : { transactionId: BigInt(row.head_transaction_id), position: BigInt(row.head_position) },
    events: Number(row.events),
    seconds: Math.max(0, Number(row.seconds ?? 0)),
  };
}

/** `and …` conditions on `e` for a processor's categories and event types (their values pushed onto `params`). */
function filterConditions(filter: Pick<ProcessorOptions, 'categories' | 'eventTypes'>, params: unknown[]): string {
  const conditions: string[] = [];
  if (filter.categories?.length) conditions.push(`and e.category = any($${params.push([...filter.categories])}::text[])`);
  if (filter.eventTypes?.length) conditions.push(`and e.event_type = any($${params.push([...filter.eventTypes])}::text[])`);
  return conditions.join(' ');
}

/**
 * How long the oldest event any of these processors has yet to handle has been in the store (database
 * clock, seconds; 0 when none has any): one statement. A processor with both categories and event types is
 * probed once per (category, type) pair for the first such event after its checkpoint, each probe one descent
 * of the log's filter index (category, event_type, transaction_id, global_position) whatever the plan: equality
 * on its leading columns, the checkpoint on the rest, already in log order. Its age is the oldest of those
 * first events. Written with `= any(array)` instead, the statement's generic plan (PGlite names a statement it
 * meets twice, and PostgreSQL turns to a generic plan after five runs) walked the whole log from each
 * checkpoint for the first match, and a processor whose events never come (a renewal window on a line with no
 * customers yet) walks it to the head: on the embedded line, sampled up to four times a second while leads came
 * (IntakeBacklog), it grew to ~600 ms a call holding PGlite's one connection, and at 100 leads/s offered after a
 * minute each of 20 and 50 the line pushed back 2,060-2,953 of 6,000 leads, 156-280 with the probes below
 * (docs/benchmarks.md, "Issue 15, the sixteenth 2026-12-07 session"). A processor with only categories or only
 * types (a relay) is probed as before, along the log from its checkpoint.
 */
export async function oldestUnhandledSeconds(
  db: SqlExecutor,
  processors: ReadonlyArray<{ readonly id: string; readonly filter: Pick<ProcessorOptions, 'categories' | 'eventTypes'> }>,
): Promise<number> {
  if (processors.length === 0) return 0;
  const params: unknown[] = [];
  const first = (where: string) => `(select extract(epoch from now() - e.recorded_at)::float8 from ${EVENTS} e
         where (e.transaction_id, e.global_position) > (c.transaction_id, c.position) ${where}
         order by e.transaction_id, e.global_position limit 1)`;
  const parts = processors.map(({ id, filter }) => {
    const at = `$${params.push(id)}`;
    const categories = [...new Set(filter.categories ?? [])];
    const types = [...new Set(filter.eventTypes ?? [])];
    const probes =
      categories.length > 0 && types.length > 0
        ? categories.flatMap((category) =>
            types.map((type) => first(`and e.category = $${params.push(category)}::text and e.event_type = $${params.push(type)}::text`)),
          )
        : [first(filterConditions(filter, params))];
    return `coalesce((select greatest(${probes.join(', ')})
       from (select coalesce((select transaction_id from ${CHECKPOINTS} where processor_id = ${at}), '0'::xid8) as transaction_id,
               coalesce((select position from ${CHECKPOINTS} where processor_id = ${at}), 0) as position) c), 0)`;
  });
  const { rows } = await db.query<{ seconds: number | string }>(`select greatest(0, ${parts.join(', ')}) as seconds`, params);
  return Math.max(0, Number(rows[0].seconds));
}

interface LagRow {
  transaction_id: string;
  position: string;
  events: string;
  seconds: number | string | null;
  head_transaction_id: string | null;
  head_position: string;
}

/**
 * The newest position below the log's horizon (the one readers read below, LOG_HORIZON): a reader
 * starting here later sees every event committed after this call, and none from before.
 */
export async function settledHead(db: SqlExecutor): Promise<LogCheckpoint> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `select e.transaction_id::text as transaction_id, e.global_position::text as global_position from ${EVENTS} e
     where e.transaction_id < (select ${LOG_HORIZON})
     order by e.transaction_id desc, e.global_position desc limit 1`,
  );
  const top = rows[0];
  return top ? { transactionId: BigInt(top.transaction_id), position: BigInt(top.global_position) } : { transactionId: 0n, position: 0n };
}
