import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from '../sql.port';
import { createPgliteDatabase } from './pglite.database';
import { PreparedStatements } from './pglite-prepared';

describe('PGlite named prepared statements', () => {
  describe('PreparedStatements', () => {
    let pglite: PGlite;
    beforeAll(async () => {
      pglite = await PGlite.create();
      await pglite.exec('create table t (id int primary key, v text, j jsonb, a text[])');
    });
    afterAll(() => pglite.close());

    it('names a text the second time it is met, up to its bound', () => {
      const prepared = new PreparedStatements(pglite, 2);
      expect(prepared.wants('select 1')).toBe(false);
      expect(prepared.wants('select 1')).toBe(true);
      expect(prepared.wants('select 2')).toBe(false);
      expect(prepared.wants('select 2')).toBe(true);
    });

    it('answers as PGlite query does: rows parsed by type, affected rows, null and array parameters', async () => {
      const prepared = new PreparedStatements(pglite);
      const insert = 'insert into t (id, v, j, a) values ($1, $2, $3, $4) returning *';
      for (const id of [1, 2]) {
        const named = await prepared.run(insert, [id, id === 1 ? null : 'two', { id }, ['x', 'y']], true);
        expect(named).toEqual({ rows: [{ id, v: id === 1 ? null : 'two', j: { id }, a: ['x', 'y'] }], affectedRows: 1 });
      }
      const update = 'update t set v = $2 where id = any($1::int[])';
      expect((await prepared.run(update, [[1, 2], 'both'], true)).affectedRows).toBe(2);
      expect((await pglite.query(update, [[1, 2], 'again'])).affectedRows).toBe(2);
    });
  });

  describe('through the driver', () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await createPgliteDatabase();
      await db.query('create table u (id int primary key, v text)');
    });
    afterAll(() => db.close());

    it('keeps a named statement through a rolled-back transaction and reports the error of each run', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const failed = db.transaction(async (tx) => {
          await tx.query('insert into u (id, v) values ($1, $2)', [100 + attempt, 'x']);
          await tx.query('insert into u (id, v) values ($1, $2)', [100 + attempt, 'again']);
        });
        await expect(failed).rejects.toMatchObject({ code: '23505' });
      }
      expect((await db.query('select count(*)::int as n from u where id >= $1', [100])).rows).toEqual([{ n: 0 }]);
      await db.transaction(async (tx) => {
        await tx.query('insert into u (id, v) values ($1, $2)', [200, 'kept']);
      });
      expect((await db.query('select v from u where id = $1', [200])).rows).toEqual([{ v: 'kept' }]);
    });

    it('delivers the notifications a named statement raises', async () => {
      const heard: string[] = [];
      const unlisten = await db.listen('prepared_spec', (payload) => heard.push(payload));
      for (const payload of ['a', 'b', 'c']) await db.query("select pg_notify('prepared_spec', $1)", [payload]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual(['a', 'b', 'c']);
      await unlisten();
    });

    it('names a statement anew when its table changed its columns under it', async () => {
      const select = 'select * from u where id = $1';
      for (let i = 0; i < 2; i++) expect((await db.query(select, [200])).rows).toEqual([{ id: 200, v: 'kept' }]);
      await db.query('alter table u add column w int default 7');
      // Autocommitted: run again at once (nothing ran).
      expect((await db.query(select, [200])).rows).toEqual([{ id: 200, v: 'kept', w: 7 }]);
      await db.query('alter table u drop column w');
      // In a transaction: that transaction fails (it is aborted); the next one names it anew.
      await expect(db.transaction((tx) => tx.query(select, [200]))).rejects.toMatchObject({ code: '0A000' });
      expect((await db.transaction((tx) => tx.query(select, [200]))).rows).toEqual([{ id: 200, v: 'kept' }]);
    });
  });
});
