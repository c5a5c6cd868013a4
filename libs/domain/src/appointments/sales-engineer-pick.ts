import { seededRandom } from '../shared/seeded-random';
import { toInterval, type BookingBook, type TimeRange } from './booking-book';
import { fairPick } from './fair-allocation';

/**
 * The sales engineer to attach: matching industry (or `*`; any when the lead's industry is unknown),
 * able to take the time, fewest attachments this month first, ties by seeded PRNG.
 */
export function pickSalesEngineer(book: BookingBook, range: TimeRange, industry: string | null, seed: number): string | null {
  const interval = toInterval(range);
  const candidates = book.aes
    .filter((ae) => ae.profile.role === 'sales-engineer')
    .filter((ae) => industry === null || ae.profile.industries.includes('*') || ae.profile.industries.includes(industry))
    .filter((ae) => book.canTake(ae, interval.start, interval.end))
    .map((ae) => ({ id: ae.aeId, count: book.monthToDate(ae.aeId) }));
  return fairPick(candidates, seededRandom(seed))?.id ?? null;
}
