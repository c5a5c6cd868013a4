import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppointmentsError,
  BOOKING_POLICY_VERSION,
  addMinutes,
  allocate,
  appointmentDecider,
  creditMonthOf,
  decideHandover,
  handoffsSince,
  handoverTarget,
  hunterHandoff,
  isValidTimeZone,
  offerSlots,
  pickSalesEngineer,
  reminderLabel,
  requireBookable,
  rescheduleTarget,
  seedFrom,
  type AppointmentBooked,
  type AppointmentCommand,
  type AppointmentEvent,
  type AppointmentReminderDue,
  type AppointmentState,
  type BookingMode,
  type DemoOutcomeRecorded,
  type FairnessOverride,
  type OfferedSlot,
} from '@leadline/domain';
import { deriveEventId, handleCommand, runInTransaction, type ProcessorContext, type SqlExecutor } from '@leadline/event-store';
import { assertMayActOn, assertMayRead, ownRowsOf, type Owners, type Principal } from '@leadline/platform';
import { cancelTimer, scheduleTimer } from '@leadline/scheduling';
import { AppointmentsHandler } from '../appointments.tokens';
import type { BookAppointmentDto, CancelDto, DemoOutcomeDto, OfferSlotsDto, ReassignDto, RescheduleDto } from './booking.dto';
import {
  calendarOf,
  findAppointment,
  findAe,
  findLead,
  hunterCandidates,
  leadStandingOf,
  loadBook,
  saveBooking,
  saveHandoff,
  saveOffer,
  saveReschedule,
  saveStatus,
  type AppointmentRow,
  type LeadRow,
} from './booking.repository';

/** The appointment's first decided event as appended, with the state before and after it. */
interface Decided {
  readonly before: AppointmentState;
  readonly id: string;
  readonly event: AppointmentEvent;
  readonly state: AppointmentState;
}

interface HunterHandoff {
  readonly hunterId: string | null;
  readonly pool: unknown;
  readonly seed: number;
}

/**
 * Who, of the reps, may act on an appointment: the AE holding it (held, no-show, outcome); for a new
 * time or a cancellation also the SDR who qualified the lead (they relay the prospect); reading it,
 * any of them and the sales engineer who joins it.
 */
type ActingReps = 'ae' | 'ae-or-sdr' | 'any-party';

/** A version conflict (a reminder timer fired meanwhile) reruns the whole command on fresh state. */
const CONFLICT_RETRIES = 2;

/**
 * Booking commands. Every one runs in one transaction under a service-wide advisory lock, so two
 * bookings never read the same month-to-date counts or calendar: load the stream, decide by the
 * pure policy on that state, append at the version read, and move the read model and the reminder timers.
 */
@Injectable()
export class BookingHandler extends AppointmentsHandler {
  offer(leadId: string, dto: OfferSlotsDto, caller?: Principal): Promise<{ appointmentId: string; leadId: string; slots: OfferedSlot[] }> {
    return this.locked(async (ctx, at) => {
      const { tx } = ctx;
      const lead = await this.qualifiedLead(tx, leadId, caller);
      const standing = await leadStandingOf(tx, lead);
      requireBookable(standing, leadId, null);
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
      await this.decideOn(
        ctx,
        appointmentId,
        () => ({ type: 'OfferSlots', data: { appointmentId, leadId, slots, at }, lead: standing }),
        leadId,
      );
      await saveOffer(tx, { appointmentId, leadId, segment, mode, at });
      return { appointmentId, leadId, slots };
    });
  }

  book(dto: BookAppointmentDto, caller?: Principal): Promise<AppointmentBooked['data']> {
    return this.locked(async (ctx, at) => {
      const { tx } = ctx;
      const lead = await this.qualifiedLead(tx, dto.leadId, caller);
      const standing = await leadStandingOf(tx, lead);
      const appointmentId = dto.appointmentId ?? randomUUID();
      requireBookable(standing, dto.leadId, appointmentId);
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
      const decided = await this.decideOn(
        ctx,
        appointmentId,
        (_state, version) => {
          const seed = seedFrom(`${appointmentId}:${version}:book`);
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
          return {
            type: 'BookAppointment',
            data: {
              appointmentId,
              leadId: dto.leadId,
              ...allocation,
              salesEngineerId,
              mode,
              seed,
              policyVersion: BOOKING_POLICY_VERSION,
              // The request as made, so the policy lab can replay it under the other booking mode.
              request: { acceptable, segment, roles: this.config.bookingRoles },
              at,
            },
            lead: standing,
          };
        },
        dto.leadId,
      );
      const booked = decided.event as AppointmentBooked;
      const reminderTimers = await this.scheduleReminders(tx, decided.id, booked.data, at);
      await saveBooking(tx, { ...booked.data, segment, reminderTimers });
      return booked.data;
    });
  }

  /** A new time: the same AE when free, otherwise the fairest AE a move to keeps fair, or the explicit `aeId` if every rule allows. */
  reschedule(appointmentId: string, dto: RescheduleDto, caller?: Principal): Promise<AppointmentState> {
    return this.handOver(appointmentId, { ...dto, start: dto.start }, caller);
  }

  /** The same time with another AE: the fairest one a move to keeps fair, or the explicit `aeId` if every rule allows. */
  reassign(appointmentId: string, dto: ReassignDto, caller?: Principal): Promise<AppointmentState> {
    return this.handOver(appointmentId, { ...dto, start: null }, caller);
  }

  /**
   * Every way a booked appointment changes time or hands. Platform-chosen: `rescheduleTarget` (a
   * reschedule keeps its AE when free) or `handoverTarget` (a reassignment never does). Explicit
   * `aeId`: `decideHandover` refuses a target without a booking role, not serving the segment or
   * unable to take the time, and a move that breaks strict equality unless overridden where allowed.
   */
  private handOver(
    appointmentId: string,
    dto: { start: string | null; aeId?: string; override?: { reason: string } },
    caller: Principal | undefined,
  ): Promise<AppointmentState> {
    if (dto.override && !dto.aeId) throw new AppointmentsError('invalid-request', 'an override needs an explicit aeId');
    return this.onAppointment(appointmentId, { caller, reps: 'ae-or-sdr' }, async (ctx, at, row) => {
      const { tx } = ctx;
      await this.cancelReminders(tx, row);
      let change: { aeId: string; salesEngineerId: string | null; start: string; end: string } | undefined;
      const decided = await this.decideOn(ctx, appointmentId, async (state, version) => {
        if (state.status !== 'booked' || !state.aeId || !state.start || !state.end) {
          appointmentDecider.decide({ type: 'RescheduleAppointment', data: { aeId: '', start: at, end: at, at } }, state); // throws the rule's error
          throw new AppointmentsError('appointment-closed', `appointment ${appointmentId} is ${state.status}`);
        }
        const start = new Date(dto.start ?? state.start).toISOString();
        if (start < at)
          throw new AppointmentsError('invalid-request', dto.start ? 'the new time lies in the past' : 'the appointment has begun');
        if (dto.start === null && dto.aeId === state.aeId)
          throw new AppointmentsError('invalid-request', `the appointment is with ${dto.aeId} already`);
        const minutes = (Date.parse(state.end) - Date.parse(state.start)) / 60_000;
        const range = { start, end: addMinutes(start, minutes) };
        // The counts of the month whose equality a move changes: the credit's month.
        const book = await loadBook(tx, range.start, range.end, state.creditMonth ?? creditMonthOf(at));
        book.release(state.aeId, { start: state.start, end: state.end });
        if (state.salesEngineerId) book.release(state.salesEngineerId, { start: state.start, end: state.end });
        const segment = row.segment ?? 'unknown';
        const roles = this.config.bookingRoles;
        let aeId: string | null;
        let override: FairnessOverride | null = null;
        if (dto.aeId) {
          override = decideHandover(
            book,
            { fromAeId: state.aeId, toAeId: dto.aeId, range, segment, roles },
            dto.override ?? null,
            this.config.fairnessOverrides,
          );
          aeId = dto.aeId;
        } else {
          const request = {
            currentAeId: state.aeId,
            range,
            segment,
            roles,
            mode: row.mode ?? this.config.defaultMode,
            seed: seedFrom(`${appointmentId}:${version}:${dto.start ? 'reschedule' : 'reassign'}`),
          };
          aeId = dto.start ? rescheduleTarget(book, request) : handoverTarget(book, request);
        }
        if (!aeId)
          throw new AppointmentsError('no-fair-slot', `nobody eligible can take ${range.start} without breaking the booking rules`);
        const salesEngineerId = await this.salesEngineerAt(tx, book, state, appointmentId, version, range);
        change = { aeId, salesEngineerId, ...range };
        return { type: 'RescheduleAppointment', data: { ...change, override, at } };
      });
      if (!change) throw new Error(`reschedule of ${appointmentId} decided nothing`);
      const reminderTimers = await this.scheduleReminders(
        tx,
        decided.id,
        { appointmentId, leadId: decided.before.leadId ?? '', aeId: change.aeId, start: change.start },
        at,
      );
      await saveReschedule(tx, { appointmentId, ...change, reminderTimers, at });
      return decided.state;
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

  cancel(appointmentId: string, dto: CancelDto, caller?: Principal): Promise<AppointmentState> {
    return this.closeWith(appointmentId, { caller, reps: 'ae-or-sdr' }, (at) => ({
      type: 'CancelAppointment',
      data: { reason: dto.reason, at },
    }));
  }

  noShow(appointmentId: string, caller?: Principal): Promise<AppointmentState> {
    return this.closeWith(appointmentId, { caller, reps: 'ae' }, (at) => ({ type: 'RecordNoShow', data: { at } }));
  }

  held(appointmentId: string, caller?: Principal): Promise<AppointmentState> {
    return this.closeWith(appointmentId, { caller, reps: 'ae' }, (at) => ({ type: 'RecordHeld', data: { at } }));
  }

  /** The demo outcome; a demo guru's moved-forward prospect goes to the fairest eligible hunter (`hunterHandoff`). */
  outcome(appointmentId: string, dto: DemoOutcomeDto, caller?: Principal): Promise<DemoOutcomeRecorded['data']> {
    return this.onAppointment(appointmentId, { caller, reps: 'ae' }, async (ctx, at, row) => {
      const { tx } = ctx;
      const picked: { handoff?: HunterHandoff | null } = {};
      const decided = await this.decideOn(ctx, appointmentId, async (state) => {
        const seed = seedFrom(`${appointmentId}:hunter`);
        const demo = { status: state.status, ae: state.aeId ? await findAe(tx, state.aeId) : undefined, movedForward: dto.movedForward };
        // Candidates are read only for a moved-forward demo; the policy decides whether it goes to a hunter.
        const handoff = dto.movedForward
          ? hunterHandoff(demo, await hunterCandidates(tx, handoffsSince(at)), { at, segment: row.segment ?? 'unknown', seed })
          : null;
        picked.handoff = handoff ? { hunterId: handoff.hunterId, pool: handoff.pool, seed } : null;
        const hunterId = picked.handoff?.hunterId ?? null;
        return { type: 'RecordDemoOutcome', data: { movedForward: dto.movedForward, hunterId, note: dto.note ?? null, at } };
      });
      await saveStatus(tx, appointmentId, decided.state.status, at);
      const demoAeId = decided.before.aeId;
      if (picked.handoff && demoAeId) {
        await saveHandoff(tx, { appointmentId, leadId: decided.before.leadId ?? '', demoAeId, ...picked.handoff, at });
      }
      return (decided.event as DemoOutcomeRecorded).data;
    });
  }

  /** A rep reads the appointments it holds or joins as sales engineer, and those of the leads it qualified. */
  async get(appointmentId: string, caller?: Principal): Promise<AppointmentRow> {
    const row = await findAppointment(this.store.db, appointmentId);
    if (!row) throw new AppointmentsError('appointment-not-found', `no appointment ${appointmentId}`);
    assertMayRead(caller, await this.ownersOf(this.store.db, row, 'any-party'), `appointment ${appointmentId}`);
    return row;
  }

  /** Every appointment, or one AE's/SE's; a rep's calendar is its own (another AE's: 403). */
  calendar(aeId: string | null, caller?: Principal): Promise<AppointmentRow[]> {
    return calendarOf(this.store.db, ownRowsOf(caller, aeId, `the calendar of ${aeId ?? 'every AE'}`) ?? aeId);
  }

  /** A status change decided by the appointment decider; the read model takes the status it decided. */
  private closeWith(
    appointmentId: string,
    acting: { caller: Principal | undefined; reps: ActingReps },
    command: (at: string) => AppointmentCommand,
  ): Promise<AppointmentState> {
    return this.onAppointment(appointmentId, acting, async (ctx, at, row) => {
      await this.cancelReminders(ctx.tx, row);
      const decided = await this.decideOn(ctx, appointmentId, () => command(at));
      await saveStatus(ctx.tx, appointmentId, decided.state.status, at);
      return decided.state;
    });
  }

  /**
   * Commands on an appointment the read model knows (an offer or a booking), by a caller allowed to
   * act on it: checked on the row read under the booking lock, which every change of its AE holds.
   */
  private onAppointment<T>(
    appointmentId: string,
    acting: { caller: Principal | undefined; reps: ActingReps },
    work: (ctx: ProcessorContext, at: string, row: AppointmentRow) => Promise<T>,
  ): Promise<T> {
    return this.locked(async (ctx, at) => {
      const row = await findAppointment(ctx.tx, appointmentId);
      if (!row) throw new AppointmentsError('appointment-not-found', `no appointment ${appointmentId}`);
      assertMayActOn(acting.caller, await this.ownersOf(ctx.tx, row, acting.reps), `appointment ${appointmentId}`);
      return work(ctx, at, row);
    });
  }

  private async ownersOf(tx: SqlExecutor, row: AppointmentRow, reps: ActingReps): Promise<Owners> {
    if (reps === 'ae') return row.aeId;
    const lead = await findLead(tx, row.leadId);
    return reps === 'ae-or-sdr' ? [row.aeId, lead?.sdrId] : [row.aeId, row.salesEngineerId, lead?.sdrId];
  }

  /** Decides the command built on the stream as read (state and version) and appends it at that version. */
  private async decideOn(
    ctx: ProcessorContext,
    appointmentId: string,
    command: (state: AppointmentState, version: number) => AppointmentCommand | Promise<AppointmentCommand>,
    leadId?: string,
  ): Promise<Decided> {
    let before = appointmentDecider.initialState();
    const { newEvents, recorded } = await handleCommand(
      ctx,
      `appointment-${appointmentId}`,
      appointmentDecider,
      async (state, { version }) => {
        before = state;
        return appointmentDecider.decide(await command(state, version), state);
      },
      {
        metadata: (_event, { state }) => {
          const lead = leadId ?? state.leadId ?? '';
          return { leadId: lead, correlationId: lead };
        },
      },
    );
    if (newEvents.length === 0) throw new Error(`appointment ${appointmentId}: the command decided nothing`);
    return { before, id: recorded[0].id, event: newEvents[0], state: appointmentDecider.evolve(before, newEvents[0]) };
  }

  /**
   * Cancels the appointment's pending reminders before its stream is read and appended to: a due
   * reminder's timer claims its row and then appends to the stream, so taking the rows first keeps
   * the one lock order (a reminder firing meanwhile is waited for, then read as part of the stream;
   * the other order deadlocked on PostgreSQL). Rolled back with the command when it is refused.
   */
  private async cancelReminders(tx: SqlExecutor, row: AppointmentRow): Promise<void> {
    for (const timerId of row.reminderTimers) await cancelTimer(tx, timerId);
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

  /** The lead to offer or book, by a caller who may book it: of the reps, the SDR who qualified it. */
  private async qualifiedLead(tx: SqlExecutor, leadId: string, caller: Principal | undefined): Promise<LeadRow> {
    const lead = await findLead(tx, leadId);
    if (!lead?.qualifiedAt) throw new AppointmentsError('lead-not-qualified', `lead ${leadId} has not been qualified`);
    assertMayActOn(caller, lead.sdrId, `lead ${leadId}`);
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

  private locked<T>(work: (ctx: ProcessorContext, at: string) => Promise<T>): Promise<T> {
    return runInTransaction(
      this.store,
      async (ctx) => {
        await ctx.tx.query(`select pg_advisory_xact_lock(hashtext('leadline.appointments.book'))`);
        return work(ctx, this.now());
      },
      { retries: CONFLICT_RETRIES },
    );
  }
}
