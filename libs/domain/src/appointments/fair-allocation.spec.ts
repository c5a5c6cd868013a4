import { rosterAe, slotAt as at } from './appointments.fixtures';
import { BookingBook } from './booking-book';
import { allocate } from './fair-allocation';

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
