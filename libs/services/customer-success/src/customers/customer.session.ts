import {
  customerDecider,
  planRenewalWindows,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  type RenewalWindowOpened,
} from '@leadline/domain';
import { deriveEventId, newEventId, type NewEvent, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import { cancelTimer, scheduleTimer } from '@leadline/scheduling';
import { saveCustomer } from './customers.repository';

export const customerStream = (customerId: string) => `customer-${customerId}`;

function asCustomerEvent(event: RecordedEvent): CustomerEvent {
  return { type: event.type, data: event.data } as CustomerEvent;
}

/**
 * One customer inside one transaction: load `customer-<id>`, decide commands, then append with the
 * expected version, schedule/cancel the renewal timers and update the read model, all in the caller's
 * transaction (the handler's or the command's).
 */
export class CustomerSession {
  private readonly pending: NewEvent[] = [];
  private readonly timers: {
    timerId: string;
    daysBefore: number;
    renewalDate: string;
    dueAt: string;
    event: Omit<RenewalWindowOpened, 'id'>;
  }[] = [];
  private cancelPending = false;

  private constructor(
    private readonly ctx: ProcessorContext,
    readonly customerId: string,
    private current: CustomerState,
    private readonly version: number,
    private readonly metadata: { correlationId?: string; causationId?: string },
  ) {}

  static async open(
    ctx: ProcessorContext,
    customerId: string,
    metadata: { correlationId?: string; causationId?: string } = {},
  ): Promise<CustomerSession> {
    const history = await ctx.store.readStream(customerStream(customerId));
    const state = history.map(asCustomerEvent).reduce(customerDecider.evolve, customerDecider.initialState());
    return new CustomerSession(ctx, customerId, state, history.length === 0 ? 0 : history[history.length - 1].streamVersion, metadata);
  }

  get state(): CustomerState {
    return this.current;
  }

  /** Decides a command against the state so far; `id` (derived from a cause) makes a redelivery a no-op. */
  decide(command: CustomerCommand, id?: string): CustomerEvent[] {
    const events = customerDecider.decide(command, this.current);
    events.forEach((event, i) => {
      const leadId = event.data.leadId;
      const eventId = id === undefined ? newEventId() : i === 0 ? id : deriveEventId(id, String(i));
      this.pending.push({
        id: eventId,
        ...event,
        metadata: { leadId, correlationId: this.metadata.correlationId ?? leadId, causationId: this.metadata.causationId },
      });
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

  /** Cancels every pending renewal-window timer of this customer on commit (renewal or churn). */
  cancelWindows(): void {
    this.cancelPending = true;
  }

  /** Writes the read model from the stream as it is (nothing decided). */
  async commitProjection(): Promise<void> {
    await saveCustomer(this.ctx.tx, this.current, this.version);
  }

  async commit(): Promise<CustomerState> {
    const { tx, store } = this.ctx;
    if (this.cancelPending) {
      const { rows } = await tx.query<{ timer_id: string }>(
        `select timer_id from customer_success.renewal_timers where customer_id = $1 and status = 'pending' for update`,
        [this.customerId],
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
    if (this.pending.length === 0 && this.timers.length === 0) return this.current;
    let version = this.version;
    if (this.pending.length > 0) {
      const result = await store.appendToStream(customerStream(this.customerId), this.pending, {
        expectedVersion: this.version === 0 ? 'no-stream' : this.version,
      });
      version = result.nextExpectedVersion;
    }
    for (const timer of this.timers) {
      const leadId = timer.event.data.leadId;
      await scheduleTimer(tx, {
        timerId: timer.timerId,
        dueAt: timer.dueAt,
        streamId: customerStream(this.customerId),
        event: {
          ...timer.event,
          metadata: { leadId, correlationId: this.metadata.correlationId ?? leadId, causationId: this.metadata.causationId },
        },
      });
      await tx.query(
        `insert into customer_success.renewal_timers (timer_id, customer_id, days_before, renewal_date, due_at, status) values ($1, $2, $3, $4, $5, 'pending')
         on conflict (timer_id) do nothing`,
        [timer.timerId, this.customerId, timer.daysBefore, timer.renewalDate, timer.dueAt],
      );
    }
    await saveCustomer(tx, this.current, version);
    return this.current;
  }
}
