import fc from 'fast-check';
import { seedFrom } from '../shared/seeded-random';
import { creditHolder, monthToDateCredits } from './appointment-credits';
import { appointmentDecider, type AppointmentCommand, type AppointmentState } from './appointment.decider';
import { rosterAe } from './appointments.fixtures';
import { BookingBook, type RosterAe, type TimeRange } from './booking-book';
import { peerGroupKey } from './eligible-pool';
import { allocate, handoverTarget, rescheduleTarget } from './fair-allocation';

/*
 * Strict equality as a property: whatever the order of bookings, reschedules, reassignments,
 * cancellations and no-shows, first-appointment counts among AEs of equal availability (a peer
 * group: same role, segments, hours and time zone, no leave) never drift apart by the platform's
 * doing. Three peer groups of demo gurus (Berlin all segments, New York SMB and mid-market, Berlin
 * enterprise), a hunter who is never a booking role, a daily cap of three, March 2026 weekdays.
 */

const AT = '2026-03-01T00:00:00.000Z';
const MONTH = '2026-03';
const SEGMENTS = ['smb', 'mid-market', 'enterprise'] as const;
const NEW_YORK = { timeZone: 'America/New_York', segments: ['smb', 'mid-market'] };
const ROSTER: RosterAe[] = [
  ...['a1', 'a2', 'a3', 'a4'].map((id) => rosterAe(id, { dailyCap: 3 })),
  ...['b1', 'b2', 'b3'].map((id) => rosterAe(id, { dailyCap: 3, ...NEW_YORK })),
  ...['c1', 'c2'].map((id) => rosterAe(id, { dailyCap: 3, segments: ['enterprise'] })),
  rosterAe('h1', { role: 'hunter' }),
];
const ROLES = ['demo-guru'] as const;
const GROUPS = [...new Set(ROSTER.filter((ae) => ae.profile.role === 'demo-guru').map(peerGroupKey))].map((key) =>
  ROSTER.filter((ae) => ae.profile.role === 'demo-guru' && peerGroupKey(ae) === key).map((ae) => ae.aeId),
);

/** Half-hour slots from 08:00 to 22:00 UTC on the weekdays of March 2026: both time zones' working days. */
const SLOTS: TimeRange[] = [];
for (let day = 2; day <= 31; day++) {
  const date = new Date(Date.UTC(2026, 2, day));
  if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
  for (let minutes = 8 * 60; minutes < 22 * 60; minutes += 30) {
    const start = date.getTime() + minutes * 60_000;
    SLOTS.push({ start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() });
  }
}

type Operation =
  | { kind: 'book'; segment: number; slots: number[] }
  | { kind: 'reschedule'; pick: number; slot: number }
  | { kind: 'reassign'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'no-show'; pick: number };

const slot = fc.nat({ max: SLOTS.length - 1 });
const pick = fc.nat({ max: 10_000 });
const platformOperation = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      segment: fc.nat({ max: 2 }),
      slots: fc.array(slot, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reschedule' as const), pick, slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reassign' as const), pick }) },
);
const returnOperation = fc.oneof(
  fc.record({ kind: fc.constant('cancel' as const), pick }),
  fc.record({ kind: fc.constant('no-show' as const), pick }),
);

interface Run {
  readonly book: BookingBook;
  readonly appointments: Map<string, { state: AppointmentState; segment: string }>;
  readonly counts: { operations: number; booked: number; moved: number; kept: number; refused: number; returned: number };
}

const spreads = (book: BookingBook) =>
  GROUPS.map((ids) => Math.max(...ids.map((id) => book.monthToDate(id))) - Math.min(...ids.map((id) => book.monthToDate(id))));

function decide(run: Run, id: string, command: AppointmentCommand): AppointmentState {
  const entry = run.appointments.get(id);
  const state = entry?.state ?? appointmentDecider.initialState();
  return appointmentDecider.decide(command, state).reduce(appointmentDecider.evolve, state);
}

function liveIds(run: Run): string[] {
  return [...run.appointments.entries()].filter(([, a]) => a.state.status === 'booked').map(([id]) => id);
}

/** Applies one operation; returns the AE that gained a credit and the floor of its group just before. */
function apply(run: Run, op: Operation, n: number): { gainer: string; floorBefore: number } | null {
  const { book } = run;
  run.counts.operations++;
  const floorOf = (aeId: string, without: string | null) => {
    const group = GROUPS.find((ids) => ids.includes(aeId)) ?? [aeId];
    return Math.min(...group.map((id) => book.monthToDate(id) - (id === without ? 1 : 0)));
  };
  if (op.kind === 'book') {
    const segment = SEGMENTS[op.segment];
    const acceptable = [...new Set(op.slots)].map((i) => SLOTS[i]);
    const seed = seedFrom(`book-${n}`);
    const allocation = allocate(book, { acceptable, segment, roles: ROLES, mode: 'strict', seed });
    if (!allocation) {
      run.counts.refused++;
      return null;
    }
    const floorBefore = floorOf(allocation.aeId, null);
    const id = `ap-${n}`;
    const state = decide(run, id, {
      type: 'BookAppointment',
      data: {
        appointmentId: id,
        leadId: `lead-${n}`,
        aeId: allocation.aeId,
        salesEngineerId: null,
        start: allocation.start,
        end: allocation.end,
        mode: 'strict',
        equalityTraded: allocation.equalityTraded,
        pool: allocation.pool,
        seed,
        policyVersion: 1,
        at: AT,
      },
      lead: { qualifiedAt: AT, appointments: [] },
    });
    run.appointments.set(id, { state, segment });
    book.occupy(allocation.aeId, allocation);
    book.credit(allocation.aeId, 1);
    run.counts.booked++;
    return { gainer: allocation.aeId, floorBefore };
  }
  const live = liveIds(run);
  if (live.length === 0) return null;
  const id = live[op.pick % live.length];
  const entry = run.appointments.get(id);
  if (!entry?.state.aeId || !entry.state.start || !entry.state.end) throw new Error(`${id} is not booked`);
  const current = entry.state.aeId;
  const old = { start: entry.state.start, end: entry.state.end };
  if (op.kind === 'cancel' || op.kind === 'no-show') {
    const state = decide(
      run,
      id,
      op.kind === 'cancel'
        ? { type: 'CancelAppointment', data: { reason: 'prospect asked', at: AT } }
        : { type: 'RecordNoShow', data: { at: AT } },
    );
    run.appointments.set(id, { ...entry, state });
    if (op.kind === 'cancel') book.release(current, old);
    book.credit(current, -1);
    run.counts.returned++;
    return null;
  }
  const range = op.kind === 'reschedule' ? SLOTS[op.slot] : old;
  book.release(current, old);
  const request = {
    currentAeId: current,
    range,
    segment: entry.segment,
    roles: ROLES,
    mode: 'strict' as const,
    seed: seedFrom(`${id}-${n}`),
  };
  const target = op.kind === 'reschedule' ? rescheduleTarget(book, request) : handoverTarget(book, request);
  if (!target) {
    book.occupy(current, old);
    run.counts.refused++;
    return null;
  }
  const floorBefore = floorOf(target, current);
  const state = decide(run, id, { type: 'RescheduleAppointment', data: { aeId: target, start: range.start, end: range.end, at: AT } });
  run.appointments.set(id, { ...entry, state });
  book.occupy(target, range);
  if (target === current) {
    run.counts.kept++;
    return null;
  }
  book.credit(current, -1);
  book.credit(target, 1);
  run.counts.moved++;
  return { gainer: target, floorBefore };
}

function newRun(): Run {
  return {
    book: new BookingBook(ROSTER),
    appointments: new Map(),
    counts: { operations: 0, booked: 0, moved: 0, kept: 0, refused: 0, returned: 0 },
  };
}

/** The book's running counts are the credits the appointment states hold. */
function expectConsistent(run: Run): void {
  const states = [...run.appointments.values()].map((a) => a.state);
  const held = monthToDateCredits(states, MONTH);
  for (const ae of ROSTER) expect([ae.aeId, run.book.monthToDate(ae.aeId)]).toEqual([ae.aeId, held[ae.aeId] ?? 0]);
  expect(states.filter((s) => creditHolder(s)?.aeId === 'h1')).toEqual([]);
}

describe('strict equality under any sequence of bookings and hand-overs', () => {
  const totals = { operations: 0, moved: 0, kept: 0, refused: 0, returned: 0 };
  const add = (run: Run) => {
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += run.counts[k];
  };

  it('book, reschedule and reassign keep max − min ≤ 1 in every peer group after every operation', () => {
    fc.assert(
      fc.property(fc.array(platformOperation, { minLength: 50, maxLength: 250 }), (ops) => {
        const run = newRun();
        ops.forEach((op, n) => {
          apply(run, op, n);
          expect(spreads(run.book).every((s) => s <= 1)).toBe(true);
        });
        expectConsistent(run);
        add(run);
      }),
      { numRuns: 40, seed: 20260302 },
    );
  });

  it('with cancellations and no-shows among them, only a returned credit opens a gap: every credit gained goes to its group floor (counted after the credit left its holder) and never widens a group beyond one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: platformOperation }, { weight: 1, arbitrary: returnOperation }), {
          minLength: 50,
          maxLength: 250,
        }),
        (ops) => {
          const run = newRun();
          ops.forEach((op, n) => {
            const before = spreads(run.book);
            const gained = apply(run, op, n);
            const after = spreads(run.book);
            if (op.kind === 'cancel' || op.kind === 'no-show') return;
            if (gained) expect(run.book.monthToDate(gained.gainer) - 1).toBe(gained.floorBefore);
            after.forEach((s, g) => expect(s).toBeLessThanOrEqual(Math.max(1, before[g])));
          });
          expectConsistent(run);
          add(run);
        },
      ),
      { numRuns: 40, seed: 20260303 },
    );
  });

  it('exercised every path: thousands of operations, hand-overs kept and moved, refusals and returns', () => {
    expect(totals.operations).toBeGreaterThan(5_000);
    expect(totals.moved).toBeGreaterThan(0);
    expect(totals.kept).toBeGreaterThan(0);
    expect(totals.refused).toBeGreaterThan(0);
    expect(totals.returned).toBeGreaterThan(0);
  });
});
