import { preparedStatement, type EventMetadata, type SqlExecutor } from '@leadline/event-store';

/** The event a timer appends when it fires; its id will be the timer id. */
export interface TimerEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

export interface ScheduleTimer {
  /** A uuid; derive it from the cause (deriveEventId) so a redelivered cause schedules it once. */
  readonly timerId: string;
  readonly dueAt: Date | string;
  readonly streamId: string;
  readonly event: TimerEvent;
}

export type TimerStatus = 'pending' | 'fired' | 'cancelled';

/** Scheduling a timer notifies this channel with its due time on commit: pollers wake if it is due before they would. */
export const TIMERS_CHANNEL = 'leadline_timers';

/**
 * Schedules a timer in the caller's transaction, so the timer exists exactly when the effect that
 * wants it commits (and pollers hear of it then). Scheduling the same id again is a no-op.
 */
export async function scheduleTimer(tx: SqlExecutor, timer: ScheduleTimer): Promise<void> {
  await scheduleTimers(tx, [timer]);
}

/** scheduleTimers' statement: prepared on `pg` (its one parameter a jsonb document, so the generic plan is the custom one). */
const SCHEDULE_TIMERS = preparedStatement(
  `with scheduled as (
     insert into scheduling.timers (timer_id, due_at, stream_id, event)
     select r.timer_id, r.due_at, r.stream_id, r.event from jsonb_to_recordset($1::jsonb) as r(timer_id uuid, due_at timestamptz, stream_id text, event jsonb)
     on conflict (timer_id) do nothing returning due_at
   )
   select pg_notify('${TIMERS_CHANNEL}', to_char(min(due_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) from scheduled having count(*) > 0`,
);

/**
 * scheduleTimer for many timers in one statement (a batch of decisions): each id scheduled once, and
 * one notification with the earliest due time of the timers it scheduled (none when all were scheduled before).
 */
export async function scheduleTimers(tx: SqlExecutor, timers: readonly ScheduleTimer[]): Promise<void> {
  if (timers.length === 0) return;
  const rows = timers.map((t) => ({ timer_id: t.timerId, due_at: new Date(t.dueAt).toISOString(), stream_id: t.streamId, event: t.event }));
  await tx.query(SCHEDULE_TIMERS, [JSON.stringify(rows)]);
}

/** Cancels a pending timer in the caller's transaction; false when it had already fired, was cancelled or never existed. */
export async function cancelTimer(tx: SqlExecutor, timerId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update scheduling.timers set status = 'cancelled', settled_at = now() where timer_id = $1 and status = 'pending'`,
    [timerId],
  );
  return rowCount > 0;
}

export async function timerStatus(tx: SqlExecutor, timerId: string): Promise<TimerStatus | null> {
  const { rows } = await tx.query<{ status: TimerStatus }>('select status from scheduling.timers where timer_id = $1', [timerId]);
  return rows[0]?.status ?? null;
}
