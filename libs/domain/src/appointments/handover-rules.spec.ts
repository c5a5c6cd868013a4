import { AppointmentsError } from './appointments.errors';
import { rosterAe, slotAt } from './appointments.fixtures';
import { BookingBook } from './booking-book';
import { decideHandover, handoverProblems, type ExplicitHandover } from './handover-rules';

// Monday 2 March 2026: Berlin is UTC+1, so 10:00 UTC is 11:00 on the AEs' wall clock.
const roster = [
  rosterAe('ada'),
  rosterAe('bob'),
  rosterAe('cy'),
  rosterAe('eve', { segments: ['enterprise'] }),
  rosterAe('hal', { role: 'hunter' }),
  rosterAe('olga', {}, [{ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }]),
];
const move = (toAeId: string, fromAeId = 'ada'): ExplicitHandover => ({
  fromAeId,
  toAeId,
  range: slotAt('10:00'),
  segment: 'smb',
  roles: ['demo-guru'],
});
const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppointmentsError) return error.code;
    throw error;
  }
  return 'allowed';
};

describe('an explicit hand-over obeys every booking rule', () => {
  // ada holds the appointment (2 credits with it); bob 1, cy 2, olga 1 (off all Monday).
  const book = () => new BookingBook(roster, [], { ada: 2, bob: 1, cy: 2, olga: 1 });

  it('refuses a target without a booking role, not serving the segment or unable to take the time, naming the rule', () => {
    expect(handoverProblems(book(), move('hal')).map((p) => p.rule)).toEqual(['not-a-booking-role']);
    expect(handoverProblems(book(), move('eve')).map((p) => p.rule)).toEqual(['segment-not-served']);
    expect(handoverProblems(book(), move('olga')).map((p) => [p.rule, p.message])).toEqual([
      ['ae-unavailable', 'olga does not work then or is off (2026-03-02T10:00:00.000Z)'],
    ]);
    const busy = new BookingBook(roster, [{ aeId: 'bob', ...slotAt('10:00') }], { ada: 2, bob: 1, cy: 2 });
    expect(handoverProblems(busy, move('bob')).map((p) => p.rule)).toEqual(['ae-unavailable']);
    expect(codeOf(() => handoverProblems(book(), move('nobody')))).toBe('ae-not-found');
  });

  it('keeps strict equality counted after the credit leaves its holder', () => {
    // ada 2 → 1 leaves bob (1) at the floor: allowed; cy (2) is above it.
    expect(handoverProblems(book(), move('bob'))).toEqual([]);
    expect(handoverProblems(book(), move('cy')).map((p) => p.rule)).toEqual(['breaks-equality']);
    // bob holding his only credit: anyone else would end two ahead of him.
    expect(handoverProblems(book(), move('ada', 'bob')).map((p) => p.rule)).toEqual(['breaks-equality']);
  });

  it('an override sets aside strict equality only, and only where overrides are allowed', () => {
    const reason = { reason: 'prospect asked for cy by name' };
    expect(decideHandover(book(), move('bob'), null, false)).toBeNull();
    expect(codeOf(() => decideHandover(book(), move('cy'), null, true))).toBe('breaks-equality');
    expect(codeOf(() => decideHandover(book(), move('cy'), reason, false))).toBe('override-not-allowed');
    expect(decideHandover(book(), move('cy'), reason, true)).toEqual({ rule: 'strict-equality', reason: reason.reason });
    expect(codeOf(() => decideHandover(book(), move('hal'), reason, true))).toBe('not-a-booking-role');
    expect(codeOf(() => decideHandover(book(), move('eve'), reason, true))).toBe('segment-not-served');
    expect(codeOf(() => decideHandover(book(), move('olga'), reason, true))).toBe('ae-unavailable');
  });
});
