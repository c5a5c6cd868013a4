import { DeciderSpecification } from '../testing/decider-specification';
import { MetricsError } from './metrics.errors';
import { foldSpend, spendDecider } from './spend.decider';
import type { SpendRecorded } from './spend.events';
import { spendProblems, type SpendEntry } from './spend.rules';

const entry: SpendEntry = {
  spendId: 'sp-1',
  period: '2026-03',
  channel: 'paid-search',
  source: 'inbound-web',
  vendorId: null,
  campaignId: 'spring-promo',
  amount: 12_500.5,
  currency: 'EUR',
  at: '2026-04-01T08:00:00.000Z',
};
const recorded: SpendRecorded = { type: 'SpendRecorded', data: entry };
const given = DeciderSpecification.for(spendDecider);
const record = (data: SpendEntry) => ({ type: 'RecordSpend', data }) as const;

describe('spend decider', () => {
  it('records a valid entry once', () => {
    given([]).when(record(entry)).then([recorded]);
    expect(foldSpend([recorded])).toEqual({ status: 'recorded', entry });
  });

  it('treats the same entry again as a no-op, even recorded later', () => {
    given([recorded])
      .when(record({ ...entry, at: '2026-05-01T00:00:00.000Z' }))
      .thenNothingHappened();
  });

  it('refuses other values under a used spend id', () => {
    given([recorded])
      .when(record({ ...entry, amount: 1 }))
      .thenThrows(
        MetricsError,
        (error) => error.code === 'spend-exists' && error.message === 'spend sp-1 was already recorded with other values',
      );
  });

  it.each<[string, Partial<SpendEntry>, string]>([
    ['a month that does not exist', { period: '2026-13' }, 'period must be a calendar month YYYY-MM'],
    ['a date instead of a month', { period: '2026-03-01' }, 'period must be a calendar month YYYY-MM'],
    ['a negative amount', { amount: -5 }, 'amount must be a number from 0'],
    ['an amount that is not a number', { amount: Number.NaN }, 'amount must be a number from 0'],
    ['a lower-case currency', { currency: 'eur' }, 'currency must be an ISO 4217 code'],
    ['an unknown lead source', { source: 'billboard' }, 'source must be one of inbound-web'],
    ['an empty channel', { channel: '' }, 'channel must be 1 to 100 characters'],
    ['a blank vendor id', { vendorId: ' ' }, 'vendorId must be 1 to 100 characters'],
    ['a spend id with a space', { spendId: 'a b' }, 'spendId must be 1 to 64'],
    ['a recording time without a zone', { at: '2026-04-01T08:00:00' }, 'at must be an ISO-8601 instant'],
  ])('refuses %s', (_name, change, message) => {
    given([])
      .when(record({ ...entry, ...change }))
      .thenThrows(MetricsError, (error) => error.code === 'invalid-spend' && error.message.startsWith(message));
  });

  it('lists every problem of an entry, so an import row says all that is wrong at once', () => {
    expect(spendProblems({ ...entry, period: 'March', amount: -1, currency: 'euro' })).toHaveLength(3);
    expect(spendProblems(entry)).toEqual([]);
  });
});
