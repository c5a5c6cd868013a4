import { PGlite } from '@electric-sql/pglite';
import { dueWork, PgliteMaintenance, TABLE_ACTIVITY_SQL, toTableActivity, type TableActivityRow } from './pglite-maintenance';
import { PreparedStatements } from './pglite-prepared';

const table = { schema: 's', table: 't', reltuples: 1000, liveRows: 1000, deadRows: 0, modifiedSinceAnalyze: 0 };

describe('PGlite maintenance (the autovacuum PGlite does not run)', () => {
  it("is due as autovacuum's default thresholds say", () => {
    expect(dueWork(table)).toBeUndefined();
    expect(dueWork({ ...table, deadRows: 250 })).toBeUndefined();
    expect(dueWork({ ...table, deadRows: 251 })).toBe('vacuum');
    expect(dueWork({ ...table, modifiedSinceAnalyze: 150 })).toBeUndefined();
    expect(dueWork({ ...table, modifiedSinceAnalyze: 151 })).toBe('analyze');
    expect(dueWork({ ...table, reltuples: -1, liveRows: 20 })).toBe('analyze');
    expect(dueWork({ ...table, reltuples: -1, liveRows: 0 })).toBeUndefined();
  });

  describe('on PGlite', () => {
    let pglite: PGlite;
    let maintenance: PgliteMaintenance;
    const activity = async () => {
      // The counters as of now: a backend reports its table counters at most once a second unless told to.
      await pglite.query('select pg_stat_force_next_flush()');
      return (await pglite.query<TableActivityRow>(TABLE_ACTIVITY_SQL)).rows.map(toTableActivity);
    };
    beforeAll(async () => {
      pglite = await PGlite.create();
    }, 60_000);
    afterAll(() => pglite.close());
    beforeEach(async () => {
      await pglite.exec(
        'drop schema if exists s cascade; create schema s; create table s.facts (log_position bigint, lead_id text, event text, primary key (log_position, lead_id))',
      );
      maintenance = new PgliteMaintenance(activity, (sql) => pglite.exec(sql));
    });
    afterEach(() => maintenance.stop());

    it('re-plans a named statement whose generic plan was made on a small table once the table grew', async () => {
      const prepared = new PreparedStatements(pglite);
      // A per-event read model's insert of the rows whose key is new (an anti-join on the key).
      const insert = `insert into s.facts select * from json_to_recordset($1::json) as r(log_position bigint, lead_id text, event text)
        where not exists (select 1 from s.facts t where t.log_position = r.log_position and t.lead_id = r.lead_id)`;
      let position = 0;
      const batch = () => [
        JSON.stringify(Array.from({ length: 20 }, () => ({ log_position: ++position, lead_id: `l${position}`, event: 'E' }))),
      ];
      for (let i = 0; i < 8; i++) await prepared.run(insert, batch(), true);
      await pglite.exec(`insert into s.facts select g, 'l' || g, 'E' from generate_series(1000, 50000) g`);
      position = 100_000;
      const rowsRead = async () => {
        await pglite.query('select pg_stat_force_next_flush()');
        const before = (
          await pglite.query<{ n: string }>(`select seq_tup_read::text as n from pg_stat_user_tables where relname = 'facts'`)
        ).rows[0].n;
        await prepared.run(insert, batch(), true);
        await pglite.query('select pg_stat_force_next_flush()');
        const after = (await pglite.query<{ n: string }>(`select seq_tup_read::text as n from pg_stat_user_tables where relname = 'facts'`))
          .rows[0].n;
        return Number(after) - Number(before);
      };
      // The plan made on 160 rows scans the table: every batch reads all of it.
      expect(await rowsRead()).toBeGreaterThan(49_000);
      expect(await maintenance.runOnce()).toEqual(['analyze s.facts']);
      expect(await rowsRead()).toBe(0);
      expect(await maintenance.runOnce()).toEqual([]);
    }, 60_000);

    it('vacuums a table whose rows were updated over and over, and leaves it once clean', async () => {
      await pglite.exec(`insert into s.facts select g, 'l' || g, 'E' from generate_series(1, 1000) g`);
      expect(await maintenance.runOnce()).toEqual(['analyze s.facts']);
      for (let i = 0; i < 3; i++) await pglite.exec(`update s.facts set event = 'E${i}'`);
      expect((await activity())[0].deadRows).toBeGreaterThan(250);
      expect(await maintenance.runOnce()).toEqual(['vacuum s.facts']);
      expect((await activity())[0]).toMatchObject({ deadRows: 0, modifiedSinceAnalyze: 0, liveRows: 1000 });
      expect(await maintenance.runOnce()).toEqual([]);
    }, 60_000);

    it('passes on its own every interval until stopped', async () => {
      const done: string[] = [];
      const timed = new PgliteMaintenance(
        activity,
        async (sql) => {
          done.push(sql);
          await pglite.exec(sql);
        },
        { intervalMs: 20 },
      );
      await pglite.exec(`insert into s.facts select g, 'l' || g, 'E' from generate_series(1, 100) g`);
      timed.start();
      for (let i = 0; i < 200 && done.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await timed.stop();
      expect(done).toEqual(['begin; set local default_statistics_target = 10; analyze "s"."facts"; commit']);
    }, 60_000);
  });
});
