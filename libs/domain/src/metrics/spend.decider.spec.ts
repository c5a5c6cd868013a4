import { MetricsError } from './metrics.errors';
import { foldSpend, spendDecider, type SpendState } from './spend.decider';
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
const record = (state: SpendState, data: SpendEntry) => spendDecider.decide({ type: 'RecordSpend', data }, state);
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof MetricsError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
};

describe('spend decider', () => {
  it('records a valid entry once', () => {
    const events = record(spendDecider.initialState(), entry);
    expect(events).toEqual([recorded]);
    expect(events.reduce(spendDecider.evolve, spendDecider.initialState())).toEqual({ status: 'recorded', entry });
  });

  it('treats the same entry again as a no-op, even recorded later', () => {
    expect(record(foldSpend([recorded]), { ...entry, at: '2026-05-01T00:00:00.000Z' })).toEqual([]);
  });

  it('refuses other values under a used spend id', () => {
    expect(code(() => record(foldSpend([recorded]), { ...entry, amount: 1 }))).toBe(
      'spend-exists: spend sp-1 was already recorded with other values',
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
    expect(code(() => record(spendDecider.initialState(), { ...entry, ...change }))).toContain(`invalid-spend: ${message}`);
  });

  it('lists every problem of an entry, so an import row says all that is wrong at once', () => {
    expect(spendProblems({ ...entry, period: 'March', amount: -1, currency: 'euro' })).toHaveLength(3);
    expect(spendProblems(entry)).toEqual([]);
  });
});
