import {
  BookingBook,
  CALENDAR_STATUSES,
  CREDIT_RETURNING_STATUSES,
  type AeProfile,
  type AeTimeOff,
  type AppointmentBooked,
  type AppointmentStatus,
  type BookingMode,
  type BusyEntry,
  type HunterCandidates,
  type LeadStanding,
  type RosterAe,
} from '@leadline/domain';
import { monthToDate } from '../roster/roster.repository';
import { isoTime, type SqlExecutor } from '@leadline/event-store';

const DAY = 86_400_000;

export interface LeadRow {
  readonly leadId: string;
  readonly qualifiedAt: string | null;
  readonly segment: string | null;
  readonly industry: string | null;
  readonly timeZone: string | null;
  /** The SDR who qualified it (and so books it). */
  readonly sdrId: string | null;
}

export interface AppointmentRow {
  readonly appointmentId: string;
  readonly leadId: string;
  readonly aeId: string | null;
  readonly salesEngineerId: string | null;
  readonly start: string | null;
  readonly end: string | null;
  readonly status: string;
  readonly mode: BookingMode | null;
  readonly segment: string | null;
  readonly creditMonth: string | null;
  readonly credited: boolean;
  readonly reminderTimers: string[];
  readonly bookedAt: string | null;
}

interface RawAppointment {
  appointment_id: string;
  lead_id: string;
  ae_id: string | null;
  se_id: string | null;
  start_at: Date | string | null;
  end_at: Date | string | null;
  status: string;
  mode: BookingMode | null;
  segment: string | null;
  credit_month: string | null;
  credited: boolean;
  reminder_timers: string[];
  booked_at: Date | string | null;
}

function toRow(r: RawAppointment): AppointmentRow {
  return {
    appointmentId: r.appointment_id,
    leadId: r.lead_id,
    aeId: r.ae_id,
    salesEngineerId: r.se_id,
    start: isoTime(r.start_at),
    end: isoTime(r.end_at),
    status: r.status,
    mode: r.mode,
    segment: r.segment,
    creditMonth: r.credit_month,
    credited: r.credited,
    reminderTimers: r.reminder_timers,
    bookedAt: isoTime(r.booked_at),
  };
}

export async function findLead(tx: SqlExecutor, leadId: string): Promise<LeadRow | null> {
  const { rows } = await tx.query<{
    lead_id: string;
    qualified_at: Date | string | null;
    segment: string | null;
    industry: string | null;
    time_zone: string | null;
    sdr_id: string | null;
  }>('select lead_id, qualified_at, segment, industry, time_zone, sdr_id from appointments.qualified_leads where lead_id = $1', [leadId]);
  const r = rows[0];
  return r
    ? {
        leadId: r.lead_id,
        qualifiedAt: isoTime(r.qualified_at),
        segment: r.segment,
        industry: r.industry,
        timeZone: r.time_zone,
        sdrId: r.sdr_id,
      }
    : null;
}

export async function findAppointment(tx: SqlExecutor, appointmentId: string): Promise<AppointmentRow | null> {
  const { rows } = await tx.query<RawAppointment>('select * from appointments.appointments where appointment_id = $1', [appointmentId]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** What a new first appointment of the lead is decided on: its latest qualification and every appointment it has had. */
export async function leadStandingOf(tx: SqlExecutor, lead: LeadRow): Promise<LeadStanding> {
  const { rows } = await tx.query<{ appointment_id: string; status: AppointmentStatus; booked_at: Date | string | null }>(
    'select appointment_id, status, booked_at from appointments.appointments where lead_id = $1 order by appointment_id',
    [lead.leadId],
  );
  return {
    qualifiedAt: lead.qualifiedAt,
    appointments: rows.map((r) => ({ appointmentId: r.appointment_id, status: r.status, bookedAt: isoTime(r.booked_at) })),
  };
}

export async function calendarOf(tx: SqlExecutor, aeId: string | null): Promise<AppointmentRow[]> {
  const { rows } = await tx.query<RawAppointment>(
    `select * from appointments.appointments where ($1::text is null or ae_id = $1 or se_id = $1) and start_at is not null order by start_at, appointment_id`,
    [aeId],
  );
  return rows.map(toRow);
}

/** Everything an allocation needs between two instants: roster, who is taken when, credits of `month`. */
export async function loadBook(tx: SqlExecutor, from: string, until: string, month: string): Promise<BookingBook> {
  const aes = await tx.query<{ ae_id: string; profile: AeProfile; time_off: AeTimeOff[] }>(
    'select ae_id, profile, time_off from appointments.aes order by ae_id',
  );
  // Appointments that take the AE's (and SE's) time: the domain's calendar statuses.
  const busy = await tx.query<{ ae_id: string | null; se_id: string | null; start_at: Date | string; end_at: Date | string }>(
    `select ae_id, se_id, start_at, end_at from appointments.appointments
      where status = any($3::text[]) and start_at >= $1 and start_at < $2`,
    [new Date(Date.parse(from) - 2 * DAY).toISOString(), new Date(Date.parse(until) + 2 * DAY).toISOString(), [...CALENDAR_STATUSES]],
  );
  const entries: BusyEntry[] = busy.rows.flatMap((r) => {
    const range = { start: isoTime(r.start_at) ?? '', end: isoTime(r.end_at) ?? '' };
    return [r.ae_id, r.se_id].filter((id): id is string => id !== null).map((aeId) => ({ aeId, ...range }));
  });
  return new BookingBook(
    aes.rows.map((r) => ({ aeId: r.ae_id, profile: r.profile, timeOff: r.time_off })),
    entries,
    await monthToDate(tx, month),
  );
}

export async function saveOffer(
  tx: SqlExecutor,
  offer: { appointmentId: string; leadId: string; segment: string; mode: BookingMode; at: string },
): Promise<void> {
  await tx.query(
    `insert into appointments.appointments (appointment_id, lead_id, status, mode, segment, updated_at) values ($1, $2, 'offered', $3, $4, $5)
     on conflict (appointment_id) do update set segment = excluded.segment, mode = excluded.mode, updated_at = excluded.updated_at`,
    [offer.appointmentId, offer.leadId, offer.mode, offer.segment, offer.at],
  );
}

/** The booked appointment's row: the event's fields, with the segment booked for and the reminder timers scheduled. */
export async function saveBooking(
  tx: SqlExecutor,
  b: Pick<
    AppointmentBooked['data'],
    'appointmentId' | 'leadId' | 'aeId' | 'salesEngineerId' | 'start' | 'end' | 'mode' | 'creditMonth' | 'at'
  > & { segment: string; reminderTimers: string[] },
): Promise<void> {
  await tx.query(
    `insert into appointments.appointments
       (appointment_id, lead_id, ae_id, se_id, start_at, end_at, status, mode, segment, credit_month, credited, reminder_timers, booked_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, 'booked', $7, $8, $9, true, $10, $11, $11)
     on conflict (appointment_id) do update set ae_id = excluded.ae_id, se_id = excluded.se_id, start_at = excluded.start_at, end_at = excluded.end_at,
       status = 'booked', mode = excluded.mode, segment = excluded.segment, credit_month = excluded.credit_month, credited = true,
       reminder_timers = excluded.reminder_timers, booked_at = excluded.booked_at, updated_at = excluded.updated_at`,
    [
      b.appointmentId,
      b.leadId,
      b.aeId,
      b.salesEngineerId,
      b.start,
      b.end,
      b.mode,
      b.segment,
      b.creditMonth,
      JSON.stringify(b.reminderTimers),
      b.at,
    ],
  );
}

export async function saveReschedule(
  tx: SqlExecutor,
  r: {
    appointmentId: string;
    aeId: string;
    salesEngineerId: string | null;
    start: string;
    end: string;
    reminderTimers: string[];
    at: string;
  },
): Promise<void> {
  await tx.query(
    `update appointments.appointments set ae_id = $2, se_id = $7, start_at = $3, end_at = $4, reminder_timers = $5, updated_at = $6 where appointment_id = $1`,
    [r.appointmentId, r.aeId, r.start, r.end, JSON.stringify(r.reminderTimers), r.at, r.salesEngineerId],
  );
}

/** A status change; the domain's credit-returning statuses (cancelled, no-show) return the credit. */
export async function saveStatus(tx: SqlExecutor, appointmentId: string, status: AppointmentStatus, at: string): Promise<void> {
  await tx.query(
    `update appointments.appointments set status = $2, credited = credited and not ($2 = any($4::text[])), reminder_timers = '[]', updated_at = $3
      where appointment_id = $1`,
    [appointmentId, status, at, [...CREDIT_RETURNING_STATUSES]],
  );
}

/** One roster entry (AE or SE) as the booking policy sees it. */
export async function findAe(tx: SqlExecutor, aeId: string): Promise<RosterAe | undefined> {
  const { rows } = await tx.query<{ ae_id: string; profile: AeProfile; time_off: AeTimeOff[] }>(
    'select ae_id, profile, time_off from appointments.aes where ae_id = $1',
    [aeId],
  );
  return rows[0] ? { aeId: rows[0].ae_id, profile: rows[0].profile, timeOff: rows[0].time_off } : undefined;
}

/** What the hunter pick reads: every hunter, their hand-overs since `since`, and their open deals. */
export async function hunterCandidates(tx: SqlExecutor, since: string): Promise<HunterCandidates> {
  const hunters = await tx.query<{ ae_id: string; profile: AeProfile; time_off: AeTimeOff[]; open_deals: number }>(
    `select ae_id, profile, time_off, open_deals from appointments.aes where profile->>'role' = 'hunter' order by ae_id`,
  );
  const handoffs = await tx.query<{ hunter_id: string; at: Date | string }>(
    'select hunter_id, at from appointments.handoffs where hunter_id is not null and at >= $1',
    [since],
  );
  return {
    hunters: hunters.rows.map((r) => ({ aeId: r.ae_id, profile: r.profile, timeOff: r.time_off })),
    handoffs: handoffs.rows.map((r) => ({ hunterId: r.hunter_id, at: isoTime(r.at) ?? '' })),
    openDeals: Object.fromEntries(hunters.rows.map((r) => [r.ae_id, r.open_deals])),
  };
}

export async function saveHandoff(
  tx: SqlExecutor,
  h: { appointmentId: string; leadId: string; demoAeId: string; hunterId: string | null; pool: unknown; seed: number; at: string },
): Promise<void> {
  await tx.query(
    `insert into appointments.handoffs (appointment_id, lead_id, demo_ae_id, hunter_id, pool, seed, open, at) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (appointment_id) do nothing`,
    [h.appointmentId, h.leadId, h.demoAeId, h.hunterId, JSON.stringify(h.pool), h.seed, h.hunterId !== null, h.at],
  );
  if (h.hunterId) await tx.query('update appointments.aes set open_deals = open_deals + 1 where ae_id = $1', [h.hunterId]);
}
