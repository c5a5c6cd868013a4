import { aeDecider, type AeState } from '../appointments/ae.decider';
import { creditMonthOf } from '../appointments/appointment-credits';
import type { AeRole, BookingMode, BookingRequestRecord } from '../appointments/appointments.events';
import { BookingBook, type BusyEntry, type RosterAe } from '../appointments/booking-book';
import { peerGroupKey } from '../appointments/eligible-pool';
import { allocate, rescheduleTarget } from '../appointments/fair-allocation';
import { jainIndex } from '../metrics/jain-index';
import { addDays } from '../shared/calendar';
import { seedFrom } from '../shared/seeded-random';
import type { LabRecord } from './lab-record';

export interface BookingModeResult {
  readonly mode: BookingMode;
  readonly requests: number;
  readonly served: number;
  readonly refused: number;
  /** Flexible mode: bookings where the prospect's first choice overrode equality. */
  readonly traded: number;
  /** First appointments per AE still credited at the end (after cancellations, no-shows and moves). */
  readonly perAe: Readonly<Record<string, number>>;
  readonly spread: number;
  readonly jain: number;
  /** The largest max−min among AEs of equal availability (same role, segments, hours and zone). */
  readonly worstPeerGroupSpread: number;
}

export interface BookingBacktest {
  readonly requests: number;
  /** Bookings recorded before requests were recorded: replayed with the booked time as the only acceptable one. */
  readonly withoutRecordedRequest: number;
  readonly recorded: { readonly perAe: Readonly<Record<string, number>>; readonly spread: number; readonly jain: number };
  readonly modes: readonly BookingModeResult[];
}

interface Live {
  aeId: string;
  start: string;
  end: string;
  readonly month: string;
  credited: boolean;
  readonly request: BookingRequestRecord;
}

const DEFAULT_ROLES: readonly AeRole[] = ['demo-guru'];

function spreadOf(counts: readonly number[]): number {
  return counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts);
}

function creditsPerAe(world: Iterable<Live>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of world) if (a.credited) counts[a.aeId] = (counts[a.aeId] ?? 0) + 1;
  return counts;
}

class BookingWorld {
  readonly appointments = new Map<string, Live>();
  served = 0;
  refused = 0;
  traded = 0;

  constructor(private readonly mode: BookingMode) {}

  book(roster: readonly RosterAe[], id: string, request: BookingRequestRecord, seed: number, at: string): void {
    const book = this.bookAround(roster, request.acceptable, creditMonthOf(at));
    const allocation = allocate(book, {
      acceptable: request.acceptable,
      segment: request.segment,
      roles: request.roles,
      mode: this.mode,
      seed,
    });
    if (!allocation) {
      this.refused++;
      return;
    }
    this.served++;
    if (allocation.equalityTraded) this.traded++;
    this.appointments.set(id, {
      aeId: allocation.aeId,
      start: allocation.start,
      end: allocation.end,
      month: creditMonthOf(at),
      credited: true,
      request,
    });
  }

  cancel(id: string, noShow: boolean): void {
    const live = this.appointments.get(id);
    if (!live || !live.credited) return;
    live.credited = false;
    // A no-show still took the time; a cancellation frees it.
    if (!noShow) this.appointments.delete(id);
  }

  reschedule(roster: readonly RosterAe[], id: string, range: { start: string; end: string }, eventId: string): void {
    const live = this.appointments.get(id);
    if (!live || !live.credited) return;
    const book = this.bookAround(roster, [range, { start: live.start, end: live.end }], live.month, id);
    const aeId = rescheduleTarget(book, {
      currentAeId: live.aeId,
      range,
      segment: live.request.segment,
      roles: live.request.roles,
      mode: this.mode,
      seed: seedFrom(eventId),
    });
    if (aeId === null) return;
    live.aeId = aeId;
    live.start = range.start;
    live.end = range.end;
  }

  /** A booking book over the days around `ranges`, with every other live appointment busy and the month's credits. */
  private bookAround(roster: readonly RosterAe[], ranges: readonly { start: string }[], month: string, except?: string): BookingBook {
    const starts = ranges.map((r) => r.start).sort();
    const from = addDays(starts[0], -2);
    const to = addDays(starts[starts.length - 1], 2);
    const busy: BusyEntry[] = [];
    const credits: Record<string, number> = {};
    for (const [id, a] of this.appointments) {
      if (id === except) continue;
      if (a.start >= from && a.start <= to) busy.push({ aeId: a.aeId, start: a.start, end: a.end });
      if (a.credited && a.month === month) credits[a.aeId] = (credits[a.aeId] ?? 0) + 1;
    }
    return new BookingBook(roster, busy, credits);
  }
}

/** AEs of the roles first appointments were booked for (demo gurus by default): hunters and SEs take none. */
function bookable(roster: readonly RosterAe[], roles: ReadonlySet<AeRole>): RosterAe[] {
  return roster.filter((ae) => roles.has(ae.profile.role));
}

function modeResult(mode: BookingMode, world: BookingWorld, bookableAes: readonly RosterAe[], requests: number): BookingModeResult {
  const perAe = creditsPerAe(world.appointments.values());
  const counts = bookableAes.map((ae) => perAe[ae.aeId] ?? 0);
  const groups = new Map<string, number[]>();
  for (const ae of bookableAes) groups.set(peerGroupKey(ae), [...(groups.get(peerGroupKey(ae)) ?? []), perAe[ae.aeId] ?? 0]);
  return {
    mode,
    requests,
    served: world.served,
    refused: world.refused,
    traded: world.traded,
    perAe,
    spread: spreadOf(counts),
    jain: jainIndex(counts),
    worstPeerGroupSpread: Math.max(0, ...[...groups.values()].map(spreadOf)),
  };
}

/**
 * Replays every recorded booking request under strict and under flexible fairness, each mode in a
 * world of its own (its own calendars and month-to-date credits), with the recorded cancellations,
 * no-shows and reschedules applied to the appointments that mode made. Reuses the booking policy
 * (`allocate`, `rescheduleTarget`) with each booking's recorded seed.
 */
export function backtestBooking(records: readonly LabRecord[], segmentOf: (leadId: string) => string = () => 'unknown'): BookingBacktest {
  const aes = new Map<string, Extract<AeState, { status: 'registered' }>>();
  const worlds = [new BookingWorld('strict'), new BookingWorld('flexible')];
  const recorded = new BookingWorld('strict');
  let requests = 0;
  let withoutRecordedRequest = 0;
  const roles = new Set<AeRole>();
  const roster = (): RosterAe[] => [...aes.values()].map((s) => ({ aeId: s.aeId, profile: s.profile, timeOff: s.timeOff }));
  for (const { id, event } of records) {
    switch (event.type) {
      case 'AeRegistered':
      case 'AeUpdated':
      case 'AeTimeOffScheduled': {
        const state = aeDecider.evolve(aes.get(event.data.aeId) ?? aeDecider.initialState(), event);
        if (state.status === 'registered') aes.set(state.aeId, state);
        break;
      }
      case 'AppointmentBooked': {
        const d = event.data;
        requests++;
        if (!d.request) withoutRecordedRequest++;
        const request = d.request ?? { acceptable: [{ start: d.start, end: d.end }], segment: segmentOf(d.leadId), roles: DEFAULT_ROLES };
        for (const role of request.roles) roles.add(role);
        const current = roster();
        for (const world of worlds) world.book(current, d.appointmentId, request, d.seed, d.at);
        recorded.appointments.set(d.appointmentId, {
          aeId: d.aeId,
          start: d.start,
          end: d.end,
          month: d.creditMonth,
          credited: true,
          request,
        });
        break;
      }
      case 'AppointmentCancelled':
      case 'AppointmentNoShow':
        for (const world of [...worlds, recorded]) world.cancel(event.data.appointmentId, event.type === 'AppointmentNoShow');
        break;
      case 'AppointmentRescheduled': {
        const current = roster();
        const range = { start: event.data.start, end: event.data.end };
        for (const world of worlds) world.reschedule(current, event.data.appointmentId, range, id);
        const live = recorded.appointments.get(event.data.appointmentId);
        if (live) Object.assign(live, { aeId: event.data.aeId, ...range });
        break;
      }
      default:
        break;
    }
  }
  const finalRoster = bookable(roster(), roles.size > 0 ? roles : new Set(DEFAULT_ROLES));
  const recordedPerAe = creditsPerAe(recorded.appointments.values());
  const recordedCounts = finalRoster.map((ae) => recordedPerAe[ae.aeId] ?? 0);
  return {
    requests,
    withoutRecordedRequest,
    recorded: { perAe: recordedPerAe, spread: spreadOf(recordedCounts), jain: jainIndex(recordedCounts) },
    modes: worlds.map((world, i) => modeResult(i === 0 ? 'strict' : 'flexible', world, finalRoster, requests)),
  };
}
