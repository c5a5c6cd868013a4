import { DRIVERS, freshStoreLocation, type StoreLocation } from '@leadline/testing';
import {
  applyMigrations,
  MigrationsPendingError,
  pendingMigrations,
  prepareSchemas,
  sqlMigration,
  type MigrationSet,
  type SqlDatabase,
} from '../src';
import { openDatabase } from './test-store';

const first = sqlMigration('WidgetsBaseline1796342400000', ['create table widgets.items (id text primary key)']);
const second = sqlMigration('WidgetsColour1796342500000', ["alter table widgets.items add column colour text not null default 'red'"]);
const other = sqlMigration('GadgetsBaseline1796342400000', ['create table gadgets.parts (id text primary key)']);

const widgets = (...migrations: MigrationSet['migrations']): MigrationSet => ({ schema: 'widgets', migrations });
const gadgets: MigrationSet = { schema: 'gadgets', migrations: [other] };

describe.each(DRIVERS)('versioned migrations on %s', (driver) => {
  let where: StoreLocation;
  let db: SqlDatabase;

  beforeAll(async () => {
    where = await freshStoreLocation(driver, 'migrations');
    db = await openDatabase(driver, where.location);
  });
  afterAll(async () => {
    await db?.close();
    await where?.cleanup();
  });

  it('refuses to start a process that may not migrate while migrations are pending, naming them', async () => {
    const refusal = prepareSchemas(db, [widgets(first), gadgets], { apply: false });
    await expect(refusal).rejects.toBeInstanceOf(MigrationsPendingError);
    await expect(refusal).rejects.toThrow(/widgets: WidgetsBaseline1796342400000, gadgets: GadgetsBaseline1796342400000.*npm run migrate/);
    const { rows } = await db.query<{ present: boolean }>("select to_regnamespace('widgets') is not null as present");
    expect(rows[0].present).toBe(false);
  });

  it('creates each schema, applies its migrations in order and records them in the schema’s own history', async () => {
    const applied = await applyMigrations(db, [widgets(first), gadgets]);
    expect(applied).toEqual([
      { schema: 'widgets', name: 'WidgetsBaseline1796342400000' },
      { schema: 'gadgets', name: 'GadgetsBaseline1796342400000' },
    ]);
    const history = await db.query<{ name: string }>('select name from widgets.migrations order by id');
    expect(history.rows.map((row) => row.name)).toEqual(['WidgetsBaseline1796342400000']);
    expect(await pendingMigrations(db, [widgets(first), gadgets])).toEqual([]);
    await expect(prepareSchemas(db, [widgets(first), gadgets], { apply: false })).resolves.toEqual([]);
  });

  it('applies only what a newer build added, and nothing on a second run', async () => {
    await db.query("insert into widgets.items (id) values ('w-1')");
    expect(await pendingMigrations(db, [widgets(first, second)])).toEqual([{ schema: 'widgets', name: 'WidgetsColour1796342500000' }]);
    expect(await applyMigrations(db, [widgets(first, second)])).toEqual([{ schema: 'widgets', name: 'WidgetsColour1796342500000' }]);
    expect(await applyMigrations(db, [widgets(first, second)])).toEqual([]);
    const { rows } = await db.query<{ id: string; colour: string }>('select id, colour from widgets.items');
    expect(rows).toEqual([{ id: 'w-1', colour: 'red' }]);
  });

  it('rolls a failing migration back with its history row, so the next run tries it again', async () => {
    const broken = sqlMigration('WidgetsBroken1796342600000', ['create table widgets.half (id text)', 'select no_such_function()']);
    await expect(applyMigrations(db, [widgets(first, second, broken)])).rejects.toThrow(/no_such_function/);
    const { rows } = await db.query<{ half: string | null }>("select to_regclass('widgets.half')::text as half");
    expect(rows[0].half).toBeNull();
    expect(await pendingMigrations(db, [widgets(first, second, broken)])).toEqual([
      { schema: 'widgets', name: 'WidgetsBroken1796342600000' },
    ]);
  });
});

describe('migrations started together from several connections on pg', () => {
  it('apply once: the advisory lock serialises them and the later ones find nothing pending', async () => {
    const where = await freshStoreLocation('pg', 'migrations-race');
    const dbs = await Promise.all([1, 2, 3].map(() => openDatabase('pg', where.location)));
    try {
      const results = await Promise.all(dbs.map((db) => applyMigrations(db, [widgets(first, second), gadgets])));
      expect(results.map((applied) => applied.length).sort()).toEqual([0, 0, 3]);
      const { rows } = await dbs[0].query<{ name: string }>('select name from widgets.migrations order by id');
      expect(rows.map((row) => row.name)).toEqual(['WidgetsBaseline1796342400000', 'WidgetsColour1796342500000']);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await where.cleanup();
    }
  });
});
