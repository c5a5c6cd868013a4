import { rosterAe, slotAt as at } from './appointments.fixtures';
import { BookingBook } from './booking-book';
import { pickSalesEngineer } from './sales-engineer-pick';

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
});
