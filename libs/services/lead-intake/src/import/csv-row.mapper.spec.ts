import { csvRowToBody, rowKey } from './csv-row.mapper';

describe('a CSV row as a capture body', () => {
  it('maps known headers whatever their spelling, keeps other columns as attributes, and tags vendor and list', () => {
    const body = csvRowToBody(
      {
        'First Name': ' Ada ',
        last_name: 'Lovelace',
        'E-mail': 'ada@acme.com',
        'Job Title': 'CTO',
        Company: 'Acme',
        Country: 'gb',
        'Lead Score (vendor)': '88',
        Empty: ' ',
      },
      'v1',
      'l1',
    );
    expect(body).toEqual({
      source: 'purchased-list',
      vendorId: 'v1',
      listId: 'l1',
      contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', title: 'CTO' },
      company: { name: 'Acme', country: 'gb' },
      attributes: { 'Lead Score (vendor)': '88' },
    });
  });

  it('reads consent as a boolean, and leaves an unreadable one for validation to refuse', () => {
    expect(csvRowToBody({ consent: 'Yes' }, 'v', 'l').consent).toBe(true);
    expect(csvRowToBody({ consent: 'n' }, 'v', 'l').consent).toBe(false);
    expect(csvRowToBody({ consent: 'maybe' }, 'v', 'l').consent).toBe('maybe');
  });

  it('lets a row name its own source', () => {
    expect(csvRowToBody({ source: 'event' }, 'v', 'l').source).toBe('event');
  });
});

describe('the row idempotency key', () => {
  const record = { email: 'ada@acme.com' };
  it('is the same for the same row of the same list', () => {
    expect(rowKey('v', 'l', 3, record)).toBe(rowKey('v', 'l', 3, { ...record }));
  });
  it('differs by vendor, list, row number or content', () => {
    const key = rowKey('v', 'l', 3, record);
    expect(
      new Set([
        key,
        rowKey('w', 'l', 3, record),
        rowKey('v', 'm', 3, record),
        rowKey('v', 'l', 4, record),
        rowKey('v', 'l', 3, { email: 'x@y.z' }),
      ]).size,
    ).toBe(5);
  });
});
