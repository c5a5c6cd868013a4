import { rosterAe } from './appointments.fixtures';
import { allocate, BookingBook, offerSlots, pickHunter, pickSalesEngineer, type SlotSearch } from './booking.policy';

// Monday 2 March 2026; Berlin is UTC+1, New York UTC-5 that week.
const search = (overrides: Partial<SlotSearch> = {}): SlotSearch => ({
  from: '2026-03-02T00:00:00.000Z',
  until: '2026-03-03T00:00:00.000Z',
  slotMinutes: 30,
  timeZone: 'America/New_York',
  windows: [{ start: '08:00', end: '12:00' }],
  segment: 'smb',
  roles: ['demo-guru'],
  mode: 'strict',
  limit: 50,
  ...overrides,
});
const at = (hhmm: string, day = '2026-03-02') => ({
  start: `${day}T${hhmm}:00.000Z`,
  end: new Date(Date.parse(`${day}T${hhmm}:00.000Z`) + 30 * 60_000).toISOString(),
});

describe('slot offering', () => {
  it('offers only times inside both the prospect window (their wall clock) and the AE working hours', () => {
    const book = new BookingBook([rosterAe('ada')]);
    const slots = offerSlots(book, search());
    // New York 08:00-12:00 = 13:00-17:00 UTC; Berlin 09:00-17:00 = 08:00-16:00 UTC.
    expect(slots.map((s) => s.start.slice(11, 16))).toEqual(['13:00', '13:30', '14:00', '14:30', '15:00', '15:30']);
    expect(new Set(slots.map((s) => s.aeId))).toEqual(new Set(['ada']));
  });

  it('leaves out AEs of other segments, on time off, busy or at their daily cap', () => {
    const book = new BookingBook(
      [
        rosterAe('ent', { segments: ['enterprise'] }),
        rosterAe('off', {}, [{ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }]),
        rosterAe('cap', { dailyCap: 1 }),
      ],
      [{ aeId: 'cap', ...at('08:00') }],
    );
    expect(offerSlots(book, search())).toEqual([]);
    const busy = new BookingBook([rosterAe('ada')], [{ aeId: 'ada', ...at('13:00') }]);
    expect(offerSlots(busy, search()).map((s) => s.start.slice(11, 16))).not.toContain('13:00');
  });

  it('in strict mode offers only AEs at the floor of their peer group', () => {
    const book = new BookingBook([rosterAe('ada'), rosterAe('bob')], [], { ada: 3, bob: 2 });
    expect(new Set(offerSlots(book, search()).map((s) => s.aeId))).toEqual(new Set(['bob']));
    expect(new Set(offerSlots(book, search({ mode: 'flexible' })).map((s) => s.aeId))).toEqual(new Set(['bob']));
  });
});

describe('fair allocation', () => {
  const request = { segment: 'smb', roles: ['demo-guru'] as const, seed: 42 };

  it('strict mode gives the AE with the fewest first appointments this month, and records pool and counts', () => {
    const book = new BookingBook([rosterAe('ada'), rosterAe('bob'), rosterAe('cy', { segments: ['enterprise'] })], [], { ada: 4, bob: 3 });
    const allocation = allocate(book, { ...request, mode: 'strict', acceptable: [at('13:00'), at('14:00')] });
    expect(allocation).toEqual({
      aeId: 'bob',
      ...at('13:00'),
      equalityTraded: false,
      pool: [
        { aeId: 'ada', monthToDate: 4, freeSlots: 2 },
        { aeId: 'bob', monthToDate: 3, freeSlots: 2 },
      ],
    });
  });

  it('ties go by the seeded PRNG: the same seed, the same AE; different seeds spread', () => {
    const book = new BookingBook([rosterAe('ada'), rosterAe('bob'), rosterAe('cy')]);
    const pick = (seed: number) => allocate(book, { ...request, seed, mode: 'strict', acceptable: [at('13:00')] })?.aeId;
    expect(pick(1)).toBe(pick(1));
    expect(new Set(Array.from({ length: 30 }, (_v, i) => pick(i)))).toEqual(new Set(['ada', 'bob', 'cy']));
  });

  it('strict mode refuses rather than let a peer get two ahead; flexible books the first choice and says equality was traded', () => {
    const book = new BookingBook([rosterAe('ada'), rosterAe('bob')], [{ aeId: 'bob', ...at('13:00') }], { ada: 2, bob: 1 });
    expect(allocate(book, { ...request, mode: 'strict', acceptable: [at('13:00')] })).toBeNull();
    expect(allocate(book, { ...request, mode: 'flexible', acceptable: [at('13:00')] })).toMatchObject({
      aeId: 'ada',
      equalityTraded: true,
    });
    // Bob is free at 14:00: strict takes the prospect's second choice with him; flexible keeps the first choice.
    expect(allocate(book, { ...request, mode: 'strict', acceptable: [at('13:00'), at('14:00')] })).toMatchObject({
      aeId: 'bob',
      start: at('14:00').start,
    });
    expect(allocate(book, { ...request, mode: 'flexible', acceptable: [at('14:00'), at('13:00')] })).toMatchObject({
      aeId: 'bob',
      equalityTraded: false,
    });
  });

  it('AEs of different availability do not hold each other back', () => {
    const book = new BookingBook([rosterAe('ada'), rosterAe('nyc', { timeZone: 'America/New_York' })], [], { ada: 0, nyc: 5 });
    // 16:30 UTC: Berlin has finished, New York works.
    expect(allocate(book, { ...request, mode: 'strict', acceptable: [at('16:30')] })).toMatchObject({ aeId: 'nyc' });
  });
});

describe('sales engineer and hunter', () => {
  it('attaches an SE with the lead industry who is free, fewest attachments first', () => {
    const book = new BookingBook(
      [
        rosterAe('se1', { role: 'sales-engineer', industries: ['software'] }),
        rosterAe('se2', { role: 'sales-engineer', industries: ['software'] }),
        rosterAe('se3', { role: 'sales-engineer', industries: ['retail'] }),
      ],
      [{ aeId: 'se2', ...at('13:00') }],
      { se1: 2, se2: 0, se3: 0 },
    );
    expect(pickSalesEngineer(book, at('13:00'), 'software', 1)).toBe('se1');
    expect(pickSalesEngineer(book, at('14:00'), 'software', 1)).toBe('se2');
    expect(pickSalesEngineer(book, at('14:00'), 'mining', 1)).toBeNull();
  });

  it('hands over to the hunter with the fewest handoffs this month, within the daily and open-deal caps', () => {
    const hunters = [
      { ae: rosterAe('h1', { role: 'hunter' }), handoffsThisMonth: 0, handoffsToday: 2, openDeals: 10 },
      { ae: rosterAe('h2', { role: 'hunter' }), handoffsThisMonth: 1, handoffsToday: 0, openDeals: 150 },
      { ae: rosterAe('h3', { role: 'hunter' }), handoffsThisMonth: 4, handoffsToday: 0, openDeals: 149 },
      { ae: rosterAe('h4', { role: 'hunter' }), handoffsThisMonth: 3, handoffsToday: 0, openDeals: 0 },
    ];
    const picked = pickHunter(hunters, { at: '2026-03-02T10:00:00Z', segment: 'smb', seed: 1 });
    expect(picked.hunterId).toBe('h4');
    expect(picked.pool.map((p) => p.aeId)).toEqual(['h3', 'h4']);
    expect(pickHunter(hunters.slice(0, 2), { at: '2026-03-02T10:00:00Z', segment: 'smb', seed: 1 }).hunterId).toBeNull();
  });
});
