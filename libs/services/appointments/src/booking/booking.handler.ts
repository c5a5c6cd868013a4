import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppointmentsError,
  BOOKING_POLICY_VERSION,
  addMinutes,
  allocate,
  appointmentDecider,
  creditMonthOf,
  foldAppointment,
  isValidTimeZone,
  offerSlots,
  pickHunter,
  pickSalesEngineer,
  reminderLabel,
  rescheduleTarget,
  seedFrom,
  wallClock,
  type AppointmentBooked,
  type AppointmentCommand,
  type AppointmentEvent,
  type AppointmentReminderDue,
  type AppointmentState,
  type BookingMode,
  type Clock,
  type DemoOutcomeRecorded,
  type OfferedSlot,
} from '@leadline/domain';
import {
  deriveEventId,
  EVENT_STORE,
  SQL_DATABASE,
  type EventStore,
  type EventStoreReader,
  type EventStoreWriter,
  type SqlExecutor,
  type SqlDatabase,
} from '@leadline/event-store';
import { cancelTimer, scheduleTimer } from '@leadline/scheduling';
import type { AppointmentsConfig } from '../appointments.config';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG } from '../appointments.tokens';
import { asDomainEvent } from '../shared/recorded.util';
import type { BookAppointmentDto, CancelDto, DemoOutcomeDto, OfferSlotsDto, RescheduleDto } from './booking.dto';
import {
  calendarOf,
  findAppointment,
  findLead,
  handoffsOf,
  liveAppointmentOf,
  loadBook,
  saveBooking,
  saveHandoff,
  saveOffer,
  saveReschedule,
  saveStatus,
  type AppointmentRow,
  type LeadRow,
} from './booking.repository';

type TxStore = EventStoreReader & EventStoreWriter;

/**
 * Booking commands. Every one runs in one transaction under a service-wide advisory lock, so two
 * bookings never read the same month-to-date counts or calendar: load the stream, decide by the
 * pure policy, append with the expected version, and move the read model and the reminder timers.
 */
@Injectable()
export class BookingHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APPOINTMENTS_CLOCK) private readonly clock: Clock,
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
  ) {}

  offer(leadId: string, dto: OfferSlotsDto): Promise<{ appointmentId: string; leadId: string; slots: OfferedSlot[] }> {
    return this.locked(async (tx, store, at) => {
      const lead = await this.qualifiedLead(tx, leadId);
      if (await liveAppointmentOf(tx, leadId))
        throw new AppointmentsError('lead-already-booked', `lead ${leadId} already has an appointment; reschedule it`);
      const segment = this.segmentOf(lead, dto.segment);
      const timeZone = dto.timeZone ?? lead.timeZone ?? 'UTC';
      if (!isValidTimeZone(timeZone)) throw new AppointmentsError('invalid-request', `unknown time zone ${timeZone}`);
      const mode = dto.mode ?? this.config.defaultMode;
      const from = dto.from && dto.from > this.earliest(at) ? dto.from : this.earliest(at);
      const until = addMinutes(from, this.config.searchDays * 24 * 60);
      const book = await loadBook(tx, from, until, creditMonthOf(at));
      const slots = offerSlots(book, {
        from,
        until,
        slotMinutes: this.config.slotMinutes,
        timeZone,
        windows: dto.windows ?? [],
        segment,
        roles: this.config.bookingRoles,
        mode,
        limit: this.config.offerLimit,
      });
      const appointmentId = randomUUID();
      await this.decideAndAppend(store, appointmentId, [], { type: 'OfferSlots', data: { appointmentId, leadId, slots, at } }, leadId);
      await saveOffer(tx, { appointmentId, leadId, segment, mode, at });
      return { appointmentId, leadId, slots };
    });
  }

  book(dto: BookAppointmentDto): Promise<AppointmentBooked['data']> {
    return this.locked(async (tx, store, at) => {
      const lead = await this.qualifiedLead(tx, dto.leadId);
      if (await liveAppointmentOf(tx, dto.leadId))
        throw new AppointmentsError('lead-already-booked', `lead ${dto.leadId} already has an appointment; reschedule it`);
      const appointmentId = dto.appointmentId ?? randomUUID();
      const existing = dto.appointmentId ? await findAppointment(tx, appointmentId) : null;
      if (dto.appointmentId && !existing) throw new AppointmentsError('appointment-not-found', `no offer ${appointmentId}`);
      const segment = this.segmentOf(lead, dto.segment ?? existing?.segment ?? undefined);
      const mode: BookingMode = dto.mode ?? existing?.mode ?? this.config.defaultMode;
      const acceptable = dto.slots.map((s) => ({
        start: new Date(s.start).toISOString(),
        end: addMinutes(s.start, this.config.slotMinutes),
      }));
      if (acceptable.some((s) => s.start < at)) throw new AppointmentsError('invalid-request', 'a slot lies in the past');
      const sorted = [...acceptable].sort((a, b) => a.start.localeCompare(b.start));
      const book = await loadBook(tx, sorted[0].start, sorted[sorted.length - 1].end, creditMonthOf(at));
      const history = await store.readStream(`appointment-${appointmentId}`);
      const seed = seedFrom(`${appointmentId}:${history.length}:book`);
      const allocation = allocate(book, { acceptable, segment, roles: this.config.bookingRoles, mode, seed });
      if (!allocation) {
        throw new AppointmentsError(
          'no-fair-slot',
          `no eligible AE can take any of these slots${mode === 'strict' ? ' without breaking equality; pick offered slots or book flexibly' : ''}`,
        );
      }
      const salesEngineerId = this.config.salesEngineerSegments.includes(segment)
        ? pickSalesEngineer(book, allocation, lead.industry, seedFrom(`${appointmentId}:se`))
        : null;
      const command: AppointmentCommand = {
        type: 'BookAppointment',
        data: {
          appointmentId,
          leadId: dto.leadId,
          aeId: allocation.aeId,
          salesEngineerId,
          start: allocation.start,
          end: allocation.end,
          mode,
          equalityTraded: allocation.equalityTraded,
          pool: allocation.pool,
          seed,
          policyVersion: BOOKING_POLICY_VERSION,
          // The request as made, so the policy lab can replay it under the other booking mode.
          request: { acceptable, segment, roles: this.config.bookingRoles },
          at,
        },
      };
      const [event] = await this.decideAndAppend(
        store,
        appointmentId,
        history.map((e) => asDomainEvent<AppointmentEvent>(e)),
        command,
        dto.leadId,
      );
      const booked = event.event as AppointmentBooked;
      const reminderTimers = await this.scheduleReminders(tx, event.id, booked.data, at);
      await saveBooking(tx, { ...booked.data, segment, reminderTimers });
      return booked.data;
    });
  }

  reschedule(appointmentId: string, dto: RescheduleDto): Promise<AppointmentState> {
    return this.onAppointment(appointmentId, async ({ tx, store, at, row, state, history }) => {
      if (state.status !== 'booked' || !state.aeId || !state.start || !state.end) {
        appointmentDecider.decide({ type: 'RescheduleAppointment', data: { aeId: '', start: dto.start, end: dto.start, at } }, state); // throws the rule's error
        throw new AppointmentsError('appointment-closed', `appointment ${appointmentId} is ${state.status}`);
      }
      const start = new Date(dto.start).toISOString();
      if (start < at) throw new AppointmentsError('invalid-request', 'the new time lies in the past');
      const minutes = (Date.parse(state.end) - Date.parse(state.start)) / 60_000;
      const range = { start, end: addMinutes(start, minutes) };
      const book = await loadBook(tx, range.start, range.end, creditMonthOf(at));
      book.release(state.aeId, { start: state.start, end: state.end });
      if (state.salesEngineerId) book.release(state.salesEngineerId, { start: state.start, end: state.end });
      let aeId: string | null;
      if (dto.aeId) {
        const ae = book.ae(dto.aeId);
        if (!ae) throw new AppointmentsError('ae-not-found', `AE ${dto.aeId} is not registered`);
        aeId = book.canTake(ae, Date.parse(range.start), Date.parse(range.end)) ? ae.aeId : null;
      } else {
        aeId = rescheduleTarget(book, {
          currentAeId: state.aeId,
          range,
          segment: row.segment ?? 'unknown',
          roles: this.config.bookingRoles,
          mode: row.mode ?? this.config.defaultMode,
          seed: seedFrom(`${appointmentId}:${history.length}:reschedule`),
        });
      }
      if (!aeId) throw new AppointmentsError('no-fair-slot', `nobody eligible can take ${range.start}`);
      const salesEngineerId = await this.salesEngineerAt(tx, book, state, appointmentId, history.length, range);
      const [event] = await this.decideAndAppend(
        store,
        appointmentId,
        history,
        { type: 'RescheduleAppointment', data: { aeId, ...range, salesEngineerId, at } },
        state.leadId ?? '',
      );
      for (const timerId of row.reminderTimers) await cancelTimer(tx, timerId);
      const reminderTimers = await this.scheduleReminders(
        tx,
        event.id,
        { appointmentId, leadId: state.leadId ?? '', aeId, start: range.start },
        at,
      );
      await saveReschedule(tx, { appointmentId, aeId, salesEngineerId, ...range, reminderTimers, at });
      return event.state;
    });
  }

  /**
   * The sales engineer at a rescheduled time: the attached one when still free then, otherwise the
   * fairest free one with the lead's industry (null when nobody is); none attached stays none.
   */
  private async salesEngineerAt(
    tx: SqlExecutor,
    book: Awaited<ReturnType<typeof loadBook>>,
    state: AppointmentState,
    appointmentId: string,
    version: number,
    range: { start: string; end: string },
  ): Promise<string | null> {
    if (!state.salesEngineerId) return null;
    const current = book.ae(state.salesEngineerId);
    if (current && book.canTake(current, Date.parse(range.start), Date.parse(range.end))) return current.aeId;
    const lead = state.leadId ? await findLead(tx, state.leadId) : null;
    return pickSalesEngineer(book, range, lead?.industry ?? null, seedFrom(`${appointmentId}:${version}:se`));
  }

  cancel(appointmentId: string, dto: CancelDto): Promise<AppointmentState> {
    return this.closeWith(appointmentId, 'cancelled', (at) => ({ type: 'CancelAppointment', data: { reason: dto.reason, at } }));
  }

  noShow(appointmentId: string): Promise<AppointmentState> {
    return this.closeWith(appointmentId, 'no-show', (at) => ({ type: 'RecordNoShow', data: { at } }));
  }

  held(appointmentId: string): Promise<AppointmentState> {
    return this.closeWith(appointmentId, 'held', (at) => ({ type: 'RecordHeld', data: { at } }));
  }

  /** The demo outcome; a demo guru's moved-forward prospect goes to the fairest eligible hunter. */
  outcome(appointmentId: string, dto: DemoOutcomeDto): Promise<DemoOutcomeRecorded['data']> {
    return this.onAppointment(appointmentId, async ({ tx, store, at, row, state, history }) => {
      let hunterId: string | null = null;
      let handoff: { pool: unknown; seed: number } | null = null;
      const book = await loadBook(tx, at, at, creditMonthOf(at));
      const demoAe = state.aeId ? book.ae(state.aeId) : undefined;
      if (dto.movedForward && state.status === 'held' && demoAe?.profile.role === 'demo-guru') {
        const month = `${creditMonthOf(at)}-01T00:00:00.000Z`;
        const handoffs = await handoffsOf(tx, new Date(Math.min(Date.parse(at) - 2 * 86_400_000, Date.parse(month))).toISOString());
        const hunters = book.aes
          .filter((ae) => ae.profile.role === 'hunter')
          .map((ae) => {
            const today = wallClock(Date.parse(at), ae.profile.timeZone).date;
            const mine = handoffs.filter((h) => h.hunterId === ae.aeId);
            return {
              ae,
              handoffsThisMonth: mine.filter((h) => h.at >= month).length,
              handoffsToday: mine.filter((h) => wallClock(Date.parse(h.at), ae.profile.timeZone).date === today).length,
              openDeals: 0,
            };
          });
        const openDeals = await tx.query<{ ae_id: string; open_deals: number }>(
          `select ae_id, open_deals from appointments.aes where profile->>'role' = 'hunter'`,
        );
        const open = new Map(openDeals.rows.map((r) => [r.ae_id, r.open_deals]));
        const seed = seedFrom(`${appointmentId}:hunter`);
        const picked = pickHunter(
          hunters.map((h) => ({ ...h, openDeals: open.get(h.ae.aeId) ?? 0 })),
          { at, segment: row.segment ?? 'unknown', seed },
        );
        hunterId = picked.hunterId;
        handoff = { pool: picked.pool, seed };
      }
      const [event] = await this.decideAndAppend(
        store,
        appointmentId,
        history,
        { type: 'RecordDemoOutcome', data: { movedForward: dto.movedForward, hunterId, note: dto.note ?? null, at } },
        state.leadId ?? '',
      );
      await saveStatus(tx, appointmentId, 'completed', at);
      if (handoff && state.aeId)
        await saveHandoff(tx, { appointmentId, leadId: state.leadId ?? '', demoAeId: state.aeId, hunterId, ...handoff, at });
      return (event.event as DemoOutcomeRecorded).data;
    });
  }

  async get(appointmentId: string): Promise<AppointmentRow> {
    const row = await findAppointment(this.db, appointmentId);
    if (!row) throw new AppointmentsError('appointment-not-found', `no appointment ${appointmentId}`);
    return row;
  }

  calendar(aeId: string | null): Promise<AppointmentRow[]> {
    return calendarOf(this.db, aeId);
  }

  private closeWith(appointmentId: string, status: string, command: (at: string) => AppointmentCommand): Promise<AppointmentState> {
    return this.onAppointment(appointmentId, async ({ tx, store, at, row, state, history }) => {
      const [event] = await this.decideAndAppend(store, appointmentId, history, command(at), state.leadId ?? '');
      for (const timerId of row.reminderTimers) await cancelTimer(tx, timerId);
      await saveStatus(tx, appointmentId, status, at);
      return event.state;
    });
  }

  private onAppointment<T>(
    appointmentId: string,
    work: (ctx: {
      tx: SqlExecutor;
      store: TxStore;
      at: string;
      row: AppointmentRow;
      state: AppointmentState;
      history: AppointmentEvent[];
    }) => Promise<T>,
  ): Promise<T> {
    return this.locked(async (tx, store, at) => {
      const row = await findAppointment(tx, appointmentId);
      if (!row) throw new AppointmentsError('appointment-not-found', `no appointment ${appointmentId}`);
      const history = (await store.readStream(`appointment-${appointmentId}`)).map((e) => asDomainEvent<AppointmentEvent>(e));
      return work({ tx, store, at, row, state: foldAppointment(history), history });
    });
  }

  private async decideAndAppend(
    store: TxStore,
    appointmentId: string,
    history: AppointmentEvent[],
    command: AppointmentCommand,
    leadId: string,
  ): Promise<{ id: string; event: AppointmentEvent; state: AppointmentState }[]> {
    const state = foldAppointment(history);
    const events = appointmentDecider.decide(command, state);
    const streamId = `appointment-${appointmentId}`;
    // Timer-fired reminders append without a version: read the real one just before appending.
    const current = await store.readStream(streamId);
    const withIds = events.map((event) => ({ id: randomUUID(), event }));
    await store.appendToStream(
      streamId,
      withIds.map(({ id, event }) => ({ id, ...event, metadata: { leadId, correlationId: leadId } })),
      { expectedVersion: current.length === 0 ? 'no-stream' : current[current.length - 1].streamVersion },
    );
    let next = state;
    return withIds.map(({ id, event }) => {
      next = appointmentDecider.evolve(next, event);
      return { id, event, state: next };
    });
  }

  /** One durable timer per configured reminder still ahead; ids derive from the causing event. */
  private async scheduleReminders(
    tx: SqlExecutor,
    causeId: string,
    a: { appointmentId: string; leadId: string; aeId: string; start: string },
    now: string,
  ): Promise<string[]> {
    const timers: string[] = [];
    for (const minutes of this.config.reminderMinutes) {
      const dueAt = addMinutes(a.start, -minutes);
      if (dueAt <= now) continue;
      const timerId = deriveEventId(causeId, `reminder-${minutes}`);
      const event: AppointmentReminderDue = {
        type: 'AppointmentReminderDue',
        data: { appointmentId: a.appointmentId, leadId: a.leadId, aeId: a.aeId, before: reminderLabel(minutes), start: a.start, at: dueAt },
      };
      await scheduleTimer(tx, {
        timerId,
        dueAt,
        streamId: `appointment-${a.appointmentId}`,
        event: { ...event, metadata: { leadId: a.leadId, correlationId: a.leadId, causationId: causeId } },
      });
      timers.push(timerId);
    }
    return timers;
  }

  private async qualifiedLead(tx: SqlExecutor, leadId: string): Promise<LeadRow> {
    const lead = await findLead(tx, leadId);
    if (!lead?.qualifiedAt) throw new AppointmentsError('lead-not-qualified', `lead ${leadId} has not been qualified`);
    return lead;
  }

  private segmentOf(lead: LeadRow, given: string | undefined): string {
    const segment = lead.segment ?? given;
    if (!segment) throw new AppointmentsError('invalid-request', 'the lead segment is unknown; give segment');
    return segment;
  }

  private earliest(now: string): string {
    return addMinutes(now, this.config.minNoticeMinutes);
  }

  private locked<T>(work: (tx: SqlExecutor, store: TxStore, at: string) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('leadline.appointments.book'))`);
      return work(tx, this.store.inTransaction(tx), this.clock.now().toISOString());
    });
  }
}
