import type { SpendRecorded } from '@leadline/domain';
import { VirtualClock } from '@leadline/scheduling';
import { ndjson } from '@leadline/testing';
import { startApiTestApp, type ApiTestApp } from './api-test-app';
import { DRIVERS } from './drivers';

const NOW = '2026-04-02T09:30:00.000Z';
const entry = {
  spendId: 'adwords-2026-03',
  period: '2026-03',
  channel: 'paid-search',
  source: 'inbound-web',
  campaignId: 'spring',
  amount: 12_500.5,
  currency: 'EUR',
};

type Line = { type: string; row?: number; outcome?: string; spendId?: string; reason?: string } & Record<string, unknown>;

describe.each(DRIVERS)('spend entries on %s', (driver) => {
  const clock = new VirtualClock(NOW);
  let t: ApiTestApp;
  const http = () => t.http();
  const spendEvents = async (spendId: string) =>
    (await t.store.readStream(`spend-${spendId}`)) as unknown as (SpendRecorded & { metadata: Record<string, unknown> })[];

  beforeAll(async () => {
    t = await startApiTestApp(driver, `metrics-spend-${driver}`, { clock });
  });
  afterAll(() => t?.close());

  it('records a spend entry as SpendRecorded on spend-<spendId>, stamped with the clock', async () => {
    const res = await http().post('/metrics/spend').send(entry).expect(201);
    const stored = { ...entry, vendorId: null, at: NOW };
    expect(res.body).toEqual({ outcome: 'recorded', entry: stored });
    const events = await spendEvents(entry.spendId);
    expect(events.map((e) => [e.type, e.data])).toEqual([['SpendRecorded', stored]]);
    expect(events[0].metadata).toMatchObject({ correlationId: entry.spendId });
    expect((await http().get(`/metrics/spend/${entry.spendId}`).expect(200)).body).toEqual(stored);
  });

  it('answers a retried entry with 200 unchanged and writes nothing; other values under the same id are a 409', async () => {
    clock.advance(60_000);
    const before = await t.countEvents();
    const again = await http().post('/metrics/spend').send(entry).expect(200);
    expect(again.body).toMatchObject({ outcome: 'unchanged', entry: { at: NOW } });
    const conflict = await http()
      .post('/metrics/spend')
      .send({ ...entry, amount: 1 })
      .expect(409);
    expect(conflict.body).toMatchObject({ error: 'spend-exists' });
    expect(await t.countEvents()).toBe(before);
  });

  it('reaches the analysts’ metrics.spend view through the projection', async () => {
    await t.caughtUp();
    const { rows } = await t.db.query<Record<string, unknown>>(
      'select spend_id, period, channel, source, vendor_id, campaign_id, amount::float8 as amount, currency, at from metrics.spend where spend_id = $1',
      [entry.spendId],
    );
    expect(rows).toEqual([
      {
        spend_id: entry.spendId,
        period: '2026-03',
        channel: 'paid-search',
        source: 'inbound-web',
        vendor_id: null,
        campaign_id: 'spring',
        amount: 12_500.5,
        currency: 'EUR',
        at: new Date(NOW),
      },
    ]);
  });

  it('generates a spend id when none is sent', async () => {
    const res = await http()
      .post('/metrics/spend')
      .send({ period: '2026-03', channel: 'events', amount: 4000, currency: 'EUR' })
      .expect(201);
    const spendId = (res.body as { entry: { spendId: string } }).entry.spendId;
    expect(spendId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await spendEvents(spendId)).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a month that does not exist', { period: '2026-13' }, /period must be a calendar month/],
    ['a negative amount', { amount: -1 }, /amount must not be less than 0/],
    ['an amount as text', { amount: '12' }, /amount must be a number/],
    ['an unknown lead source', { source: 'billboard' }, /source must be one of/],
    ['a lower-case currency', { currency: 'eur' }, /currency must be an ISO 4217 code/],
    ['an unknown field', { budget: 3 }, /property budget should not exist/],
  ])('refuses %s with 400 naming the field', async (_name, change, message) => {
    const before = await t.countEvents();
    const res = await http()
      .post('/metrics/spend')
      .send({ ...entry, spendId: 'bad-one', ...change })
      .expect(400);
    expect((res.body as { message: string[] }).message.join('\n')).toMatch(message);
    expect(await t.countEvents()).toBe(before);
  });

  it('answers 404 for a spend id never recorded', async () => {
    expect((await http().get('/metrics/spend/nope').expect(404)).body).toMatchObject({ error: 'spend-not-found' });
  });
});

const CSV = [
  'Period,Channel,Source,Vendor ID,Campaign,Amount,Currency',
  '2026-01,lists,purchased-list,acme-lists,,2500,EUR',
  '2026-01,paid-search,inbound-web,,winter,1200.75,EUR',
  '2026-13,paid-search,inbound-web,,winter,10,EUR',
  '2026-01,events,,,,abc,EUR',
  '2026-01,paid-search,inbound-web,,winter,1200.75,EUR',
  '2026-02,events,event,,,900,',
].join('\n');

function importCsv(t: ApiTestApp, csv: string, currency?: string) {
  const req = t.http().post('/metrics/spend/import');
  if (currency) req.field('currency', currency);
  return req.attach('file', Buffer.from(csv), { filename: 'spend.csv', contentType: 'text/csv' }).buffer(true).parse(ndjson);
}

describe.each(DRIVERS)('spend CSV import on %s', (driver) => {
  const clock = new VirtualClock(NOW);
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp(driver, `metrics-spend-import-${driver}`, { clock });
  });
  afterAll(() => t?.close());

  it('answers every row and a summary; identical lines stay two entries; re-importing the file (even re-ordered) writes nothing', async () => {
    const first = await importCsv(t, CSV, 'USD').expect(200);
    expect(first.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = first.body as Line[];
    expect(lines.map((l) => [l.row, l.outcome])).toEqual([
      [1, 'recorded'],
      [2, 'recorded'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'recorded'],
      [6, 'recorded'],
      [undefined, undefined],
    ]);
    expect(lines[2].reason).toMatch(/period must be a calendar month/);
    expect(lines[3].reason).toMatch(/amount must be a number/);
    expect(lines[4].spendId).not.toBe(lines[1].spendId);
    expect(lines[6]).toEqual({ type: 'summary', rows: 6, recorded: 4, unchanged: 0, invalid: 2, conflict: 0 });
    expect(await t.countEvents('spend')).toBe(4);
    const [lists] = await t.store.readStream(`spend-${lines[0].spendId}`);
    expect(lists.data).toEqual({
      spendId: lines[0].spendId,
      period: '2026-01',
      channel: 'lists',
      source: 'purchased-list',
      vendorId: 'acme-lists',
      campaignId: null,
      amount: 2500,
      currency: 'EUR',
      at: NOW,
    });
    const [defaulted] = await t.store.readStream(`spend-${lines[5].spendId}`);
    expect(defaulted.data).toMatchObject({ source: 'event', amount: 900, currency: 'USD' });

    clock.advance(3_600_000);
    const [header, ...rows] = CSV.split('\n');
    const again = await importCsv(t, [header, ...rows.reverse()].join('\n'), 'USD').expect(200);
    const summary = (again.body as Line[]).at(-1);
    expect(summary).toEqual({ type: 'summary', rows: 6, recorded: 0, unchanged: 4, invalid: 2, conflict: 0 });
    expect(await t.countEvents('spend')).toBe(4);
  });

  it('takes a plain text/csv body, with the default currency as a query parameter', async () => {
    const res = await t
      .http()
      .post('/metrics/spend/import?currency=GBP')
      .set('content-type', 'text/csv')
      .send('period,channel,amount\n2026-03,sales-salaries,50000\n')
      .buffer(true)
      .parse(ndjson)
      .expect(200);
    const [row, summary] = res.body as Line[];
    expect(summary).toMatchObject({ rows: 1, recorded: 1 });
    const [event] = await t.store.readStream(`spend-${row.spendId}`);
    expect(event.data).toMatchObject({ channel: 'sales-salaries', amount: 50000, currency: 'GBP', source: null });
  });

  it('reports a spend_id reused with other values as a conflict row', async () => {
    const csv = 'spend_id,period,channel,amount,currency\nq1-fairs,2026-01,events,100,EUR\nq1-fairs,2026-01,events,150,EUR\n';
    const lines = (await importCsv(t, csv).expect(200)).body as Line[];
    expect(lines.map((l) => l.outcome)).toEqual(['recorded', 'conflict', undefined]);
    expect(lines[1]).toMatchObject({ spendId: 'q1-fairs', reason: expect.stringMatching(/already recorded with other values/) });
  });

  it('refuses a file whose header has an unknown or missing column before writing anything', async () => {
    const before = await t.countEvents();
    const res = await importCsv(t, 'period,chanel,amount,currency\n2026-01,events,1,EUR\n').expect(400);
    expect(JSON.stringify(res.body)).toMatch(/unknown column \\"chanel\\".*a channel column is required/);
    const noCurrency = await importCsv(t, 'period,channel,amount\n2026-01,events,1\n').expect(400);
    expect(JSON.stringify(noCurrency.body)).toMatch(/a currency column is required/);
    await importCsv(t, CSV, 'euro').expect(400);
    expect(await t.countEvents()).toBe(before);
  });

  it('refuses a body that is neither CSV nor multipart', async () => {
    await t.http().post('/metrics/spend/import').send({ period: '2026-01' }).expect(400);
  });
});
