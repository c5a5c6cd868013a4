import {
  customerDecider,
  planRenewalWindows,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  type RenewalWindowOpened,
} from '@leadline/domain';
import { deriveEventId, handleCommand, newEventId, type ProcessorContext } from '@leadline/event-store';
import { cancelTimer, scheduleTimer } from '@leadline/scheduling';
import { saveCustomer } from './customers.repository';

export const customerStream = (customerId: string) => `customer-${customerId}`;

interface PlannedWindow {
  readonly timerId: string;
  readonly daysBefore: number;
  readonly renewalDate: string;
  readonly dueAt: string;
  readonly event: RenewalWindowOpened;
}

/**
 * What one command decides on a customer, as the state read from `customer-<id>`: its events (with
 * ids), the renewal-window timers to schedule and whether the pending ones go. `onCustomer` appends
 * the events at the version read, then moves the timers and the read model, in the caller's transaction.
 */
export class CustomerSession {
  readonly events: CustomerEvent[] = [];
  readonly ids: string[] = [];
  readonly timers: PlannedWindow[] = [];
  cancelPending = false;

  constructor(
    readonly customerId: string,
    private current: CustomerState,
  ) {}

  get state(): CustomerState {
    return this.current;
  }

  /** Decides a command against the state so far; `id` (derived from a cause) makes a redelivery a no-op. */
  decide(command: CustomerCommand, id?: string): CustomerEvent[] {
    const events = customerDecider.decide(command, this.current);
    events.forEach((event, i) => {
      this.events.push(event);
      this.ids.push(id === undefined ? newEventId() : i === 0 ? id : deriveEventId(id, String(i)));
      this.current = customerDecider.evolve(this.current, event);
    });
    return events;
  }

  /**
   * Plans the outreach windows for the current renewal date: a window whose opening is already past
   * opens at once (event id = the would-be timer id); the others become durable timers whose event
   * is `RenewalWindowOpened` on this stream.
   */
  planWindows(causeId: string, now: string, windows: readonly number[]): void {
    const state = this.current;
    if (state.status !== 'active') return;
    for (const plan of planRenewalWindows(state.renewalDate, now, windows)) {
      const timerId = deriveEventId(causeId, `renewal-window/${state.renewalDate}/${plan.daysBefore}`);
      if (plan.due) {
        this.decide(
          {
            type: 'OpenRenewalWindow',
            data: { customerId: this.customerId, daysBefore: plan.daysBefore, renewalDate: state.renewalDate, at: now },
          },
          timerId,
        );
      } else {
        this.timers.push({
          timerId,
          daysBefore: plan.daysBefore,
          renewalDate: state.renewalDate,
          dueAt: plan.opensAt,
          event: {
            type: 'RenewalWindowOpened',
            data: {
              customerId: this.customerId,
              leadId: state.leadId,
              daysBefore: plan.daysBefore,
              renewalDate: state.renewalDate,
              at: plan.opensAt,
            },
          },
        });
      }
    }
  }

  /** Cancels every pending renewal-window timer of this customer (renewal or churn). */
  cancelWindows(): void {
    this.cancelPending = true;
  }
}

/**
 * One command on a customer in the caller's transaction: `work` decides on the stream as read, the
 * events are appended at that version, then the renewal timers and the read model follow.
 */
export async function onCustomer(
  ctx: ProcessorContext,
  customerId: string,
  work: (session: CustomerSession) => void | Promise<void>,
  cause: { readonly correlationId?: string; readonly causationId?: string } = {},
): Promise<CustomerState> {
  let session = new CustomerSession(customerId, customerDecider.initialState());
  const { nextExpectedVersion } = await handleCommand(
    ctx,
    customerStream(customerId),
    customerDecider,
    async (state) => {
      session = new CustomerSession(customerId, state);
      await work(session);
      return session.events;
    },
    {
      eventId: (_event, i) => session.ids[i],
      metadata: (event) => ({
        leadId: event.data.leadId,
        correlationId: cause.correlationId ?? event.data.leadId,
        causationId: cause.causationId,
      }),
    },
  );
  if (session.cancelPending) await cancelPendingWindows(ctx, customerId);
  if (session.events.length === 0 && session.timers.length === 0) return session.state;
  for (const timer of session.timers) {
    const leadId = timer.event.data.leadId;
    await scheduleTimer(ctx.tx, {
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      streamId: customerStream(customerId),
      event: { ...timer.event, metadata: { leadId, correlationId: cause.correlationId ?? leadId, causationId: cause.causationId } },
    });
    await ctx.tx.query(
      `insert into customer_success.renewal_timers (timer_id, customer_id, days_before, renewal_date, due_at, status) values ($1, $2, $3, $4, $5, 'pending')
       on conflict (timer_id) do nothing`,
      [timer.timerId, customerId, timer.daysBefore, timer.renewalDate, timer.dueAt],
    );
  }
  await saveCustomer(ctx.tx, session.state, nextExpectedVersion);
  return session.state;
}

async function cancelPendingWindows({ tx }: ProcessorContext, customerId: string): Promise<void> {
  const { rows } = await tx.query<{ timer_id: string }>(
    `select timer_id from customer_success.renewal_timers where customer_id = $1 and status = 'pending' for update`,
    [customerId],
  );
  for (const row of rows) {
    // False when the poller fired it first: its RenewalWindowOpened is already in the stream and counted.
    const cancelled = await cancelTimer(tx, row.timer_id);
    await tx.query(`update customer_success.renewal_timers set status = $2 where timer_id = $1`, [
      row.timer_id,
      cancelled ? 'cancelled' : 'fired',
    ]);
  }
}
