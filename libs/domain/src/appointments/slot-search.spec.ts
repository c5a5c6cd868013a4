import { rosterAe, slotAt as at } from './appointments.fixtures';
import { BookingBook } from './booking-book';
import { offerSlots, type SlotSearch } from './slot-search';

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
