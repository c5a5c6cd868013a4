import { csvRowToSpendBody, rowSpendId, spendColumns } from './spend-csv.mapper';

const input = { period: '2026-03', channel: 'ads', source: null, vendorId: null, campaignId: null, amount: 100, currency: 'EUR' };

describe('spend CSV mapping', () => {
  it('reads header spellings regardless of case, spaces and punctuation', () => {
    expect(spendColumns(['Spend ID', 'Month', 'Channel', 'Lead Source', 'vendor_id', 'Campaign', 'Cost', 'CURRENCY'], undefined)).toEqual([
      'spendId',
      'period',
      'channel',
      'source',
      'vendorId',
      'campaignId',
      'amount',
      'currency',
    ]);
  });

  it('refuses unknown, repeated and missing columns, naming each', () => {
    expect(() => spendColumns(['period', 'amount', 'cost', 'colour'], 'EUR')).toThrow(
      /unknown column "colour"; amount is given by more than one column; a channel column is required/,
    );
    expect(() => spendColumns(['period', 'channel', 'amount'], undefined)).toThrow(/a currency column is required/);
    expect(spendColumns(['period', 'channel', 'amount'], 'EUR')).toEqual(['period', 'channel', 'amount']);
  });

  it('omits blanks, turns plain decimals into numbers and leaves anything else for validation to refuse', () => {
    expect(csvRowToSpendBody({ period: '2026-03', channel: ' ads ', source: '', amount: '1200.50' }, 'EUR')).toEqual({
      period: '2026-03',
      channel: 'ads',
      amount: 1200.5,
      currency: 'EUR',
    });
    expect(csvRowToSpendBody({ amount: '1,200', currency: 'USD' }, 'EUR')).toEqual({ amount: '1,200', currency: 'USD' });
  });

  it('derives the same spend id for the same values and rank, another for the next identical row', () => {
    expect(rowSpendId(input, 0)).toBe(rowSpendId({ ...input }, 0));
    expect(rowSpendId(input, 1)).not.toBe(rowSpendId(input, 0));
    expect(rowSpendId({ ...input, amount: 101 }, 0)).not.toBe(rowSpendId(input, 0));
    expect(rowSpendId(input, 0)).toMatch(/^csv-[0-9a-f]{40}$/);
  });
});
