import type { Clock } from '@leadline/domain';
import { runAsActor, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { Repeater } from './repeater';
import type { TimerEvent } from './timer.repository';

export interface TimerPollerOptions {
  /** Real milliseconds between polls (default 250); the due check reads the clock, which may be virtual. */
  readonly pollIntervalMs?: number;
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
 */
export class TimerPoller {
  private readonly repeater: Repeater;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: Pick<EventStore, 'inTransaction'>,
    private readonly clock: Clock,
    private readonly options: TimerPollerOptions = {},
  ) {
    this.repeater = new Repeater(
      () => this.fireDue(),
      options.pollIntervalMs ?? 250,
      (error) => options.warn?.(`timer poll failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  start(): void {
    this.repeater.start();
  }

  stop(): Promise<void> {
    return this.repeater.stop();
  }

  /** One pass: fires every timer due at the clock's now; returns how many fired. */
  async fireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await this.fireBatch();
      total += fired;
      if (fired < (this.options.batchSize ?? 50)) return total;
    }
  }

  private fireBatch(): Promise<number> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<DueTimer>(
        `select timer_id, stream_id, event from scheduling.timers
          where status = 'pending' and due_at <= $1
          order by due_at limit $2 for update skip locked`,
        [now, this.options.batchSize ?? 50],
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
      return rows.length;
    });
  }
}
