import type { Clock } from '@leadline/domain';
import { runAsActor, Wakeup, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { onClockChange } from './clock';
import { TIMERS_CHANNEL, type TimerEvent } from './timer.repository';

/** Safety-net pass while no timer is due soon: scheduling notifies, so this only matters if a notification is lost. */
const DEFAULT_IDLE_POLL_MS = 60_000;

export interface TimerPollerOptions {
  /** Shortest real wait between passes (default 250 ms): how soon timers left pending (claimed elsewhere) are looked at again. */
  readonly pollIntervalMs?: number;
  /** Longest real wait between passes when nothing is due sooner (default 60 s). */
  readonly idlePollMs?: number;
  /** Timers claimed per transaction (default 50). */
  readonly batchSize?: number;
  /** Told `timer poll failed: <reason>` when a pass fails; the next pass retries. */
  readonly warn?: (message: string) => void;
}

interface DueTimer {
  timer_id: string;
  stream_id: string;
  event: TimerEvent | string;
}

/**
 * Fires due timers: claims them with `for update skip locked` (so several pollers share the work
 * and never fire one twice), appends each timer's event with the timer id as event id (a re-fire
 * is an idempotent re-append) and marks it fired, all in one transaction.
 *
 * Between passes it sleeps until the next pending timer is due (by its clock), woken earlier when a
 * sooner timer is scheduled anywhere (`scheduleTimer` notifies on commit) or a virtual clock moves:
 * with nothing due, it costs nothing.
 */
export class TimerPoller {
  private readonly wakeup = new Wakeup();
  private running = false;
  private loop: Promise<void> | undefined;
  /** Real time (epoch ms) the current sleep ends. */
  private wakeAt = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: Pick<EventStore, 'inTransaction'>,
    private readonly clock: Clock,
    private readonly options: TimerPollerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
  }

  /** One pass: fires every timer due at the clock's now; returns how many fired. */
  async fireDue(): Promise<number> {
    return (await this.pass()).fired;
  }

  private async run(): Promise<void> {
    const unlisten = await this.db
      .listen(TIMERS_CHANNEL, (dueAt) => this.scheduled(dueAt))
      .catch((error: unknown) => {
        this.warn(error);
        return undefined;
      });
    const stopWatchingClock = onClockChange(this.clock, () => this.wakeup.wake());
    try {
      while (this.running) {
        let delay: number;
        try {
          delay = this.delayUntil((await this.pass()).nextDue);
        } catch (error) {
          this.warn(error);
          delay = this.options.pollIntervalMs ?? 250;
        }
        this.wakeAt = Date.now() + delay;
        await this.wakeup.sleep(delay);
      }
    } finally {
      stopWatchingClock();
      await unlisten?.();
    }
  }

  /** A timer was scheduled (payload: its due time; empty after a reconnect): wake if it is due before the current sleep ends. */
  private scheduled(dueAt: string): void {
    const due = Date.parse(dueAt);
    if (Number.isNaN(due) || Date.now() + Math.max(0, due - this.clock.now().getTime()) < this.wakeAt) this.wakeup.wake();
  }

  private delayUntil(nextDue: number | null): number {
    const shortest = this.options.pollIntervalMs ?? 250;
    const longest = Math.max(shortest, this.options.idlePollMs ?? DEFAULT_IDLE_POLL_MS);
    if (nextDue === null) return longest;
    return Math.min(longest, Math.max(shortest, nextDue - this.clock.now().getTime()));
  }

  private async pass(): Promise<{ fired: number; nextDue: number | null }> {
    let fired = 0;
    for (;;) {
      const batch = await this.fireBatch();
      fired += batch.fired;
      if (batch.nextDue !== undefined) return { fired, nextDue: batch.nextDue };
    }
  }

  /** Fires a batch; when it was the last one, also tells when the next pending timer is due (null: none). */
  private fireBatch(): Promise<{ fired: number; nextDue?: number | null }> {
    const now = this.clock.now().toISOString();
    const batchSize = this.options.batchSize ?? 50;
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<DueTimer>(
        `select timer_id, stream_id, event from scheduling.timers
          where status = 'pending' and due_at <= $1
          order by due_at limit $2 for update skip locked`,
        [now, batchSize],
      );
      const store = this.store.inTransaction(tx);
      for (const row of rows) {
        const event: TimerEvent = typeof row.event === 'string' ? JSON.parse(row.event) : row.event;
        // The timer fires as the system, naming the event that scheduled it (its causation id) when it has one.
        const causationId = event.metadata?.causationId;
        const actor = { kind: 'system' as const, id: 'timer', roles: [], ...(causationId ? { cause: { eventId: causationId } } : {}) };
        await runAsActor(actor, () => store.appendToStream(row.stream_id, [{ id: row.timer_id, ...event }]));
        await tx.query(`update scheduling.timers set status = 'fired', settled_at = now() where timer_id = $1`, [row.timer_id]);
      }
      if (rows.length === batchSize) return { fired: rows.length };
      const next = await tx.query<{ due: string | null }>(
        `select (extract(epoch from min(due_at)) * 1000)::text as due from scheduling.timers where status = 'pending'`,
      );
      const due = next.rows[0]?.due;
      return { fired: rows.length, nextDue: due === null || due === undefined ? null : Number(due) };
    });
  }

  private warn(error: unknown): void {
    this.options.warn?.(`timer poll failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
