import type { SqlDatabase } from '@leadline/event-store';
import { READ_MODELS } from '../src/read-models';
import { applyEvents, createSchema, dumpTables, openDatabase } from './fixtures/apply-history';
import { DRIVERS } from './drivers';
import { HISTORY } from './fixtures/metrics-history';
import { randomHistory } from './fixtures/random-history';

describe.each(DRIVERS)('metrics read models do not depend on how the log is cut (%s)', (driver) => {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;
  let whole: Record<string, string[]>;

  beforeAll(async () => {
    ({ db, cleanup } = await openDatabase(driver, 'metrics-batches'));
    await createSchema(db, 'cut_all');
    await applyEvents(db, 'cut_all', HISTORY);
    whole = await dumpTables(db, 'cut_all');
  });
  afterAll(() => cleanup?.());

  it('the history fills every table', () => {
    const empty = Object.entries(whole)
      .filter(([, rows]) => rows.length === 0)
      .map(([table]) => table);
    expect(empty).toEqual([]);
    expect(whole.leads).toHaveLength(12);
    expect(Object.keys(whole).sort()).toEqual(READ_MODELS.flatMap((m) => m.tables).sort());
  });

  it.each([1, 2, 7, 50])('batches of %i events give the same rows as one batch', async (size) => {
    const schema = `cut_${size}`;
    await createSchema(db, schema);
    await applyEvents(db, schema, HISTORY, size);
    expect(await dumpTables(db, schema)).toEqual(whole);
  });

  it('a batch delivered twice (a redelivery after a crash) changes nothing', async () => {
    await createSchema(db, 'twice');
    for (let start = 0; start < HISTORY.length; start += 7) {
      const batch = HISTORY.slice(start, start + 7);
      await applyEvents(db, 'twice', batch);
      await applyEvents(db, 'twice', batch);
    }
    expect(await dumpTables(db, 'twice')).toEqual(whole);
  });

  it('a prefix of the log gives a different state, so the comparison can fail', async () => {
    await createSchema(db, 'prefix');
    await applyEvents(db, 'prefix', HISTORY.slice(0, -2), 7);
    const prefix = await dumpTables(db, 'prefix');
    expect(prefix).not.toEqual(whole);
    expect(prefix.customers).not.toEqual(whole.customers);
    expect(prefix.ae_time_off).not.toEqual(whole.ae_time_off);
  });

  it.each([11, 42, 2026])('a random history (seed %i) with ties and out-of-order times gives the same rows for any cut', async (seed) => {
    const events = randomHistory(seed);
    await createSchema(db, `random_${seed}_all`);
    await applyEvents(db, `random_${seed}_all`, events);
    const all = await dumpTables(db, `random_${seed}_all`);
    expect(all.leads).toHaveLength(40);
    for (const size of [1, 3, 13]) {
      await createSchema(db, `random_${seed}_${size}`);
      await applyEvents(db, `random_${seed}_${size}`, events, size);
      expect(await dumpTables(db, `random_${seed}_${size}`)).toEqual(all);
    }
  });
});
