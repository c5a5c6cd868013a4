import { DRIVERS, openTestStore, type TestStore } from './test-store';
import { beforeCommit, gatheredBeforeCommit } from '../src/drivers/before-commit';

describe.each(DRIVERS)('beforeCommit on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'before-commit');
    await t.db.query('create table if not exists before_commit_probe (n integer primary key, note text not null)');
  });
  afterAll(() => t.close());

  const notes = async (): Promise<Record<number, string>> => {
    const { rows } = await t.db.query<{ n: number; note: string }>('select n, note from before_commit_probe order by n');
    return Object.fromEntries(rows.map((row) => [row.n, row.note]));
  };

  it("runs queued work in the transaction after its body, in order, before COMMIT (work may queue more), and commits it with the body's writes", async () => {
    const seen: string[] = [];
    const answer = await t.db.transaction(async (tx) => {
      beforeCommit(tx, async () => {
        // The body's writes are visible to the work: it runs in the same transaction, after the body.
        const { rows } = await tx.query<{ count: number }>('select count(*)::int as count from before_commit_probe where n = 1');
        seen.push(`first saw ${rows[0].count}`);
        await tx.query(`insert into before_commit_probe values (2, 'queued')`);
        beforeCommit(tx, async () => {
          seen.push('queued by the work');
          await tx.query(`update before_commit_probe set note = 'queued, then updated' where n = 2`);
        });
      });
      beforeCommit(tx, async () => {
        seen.push('second');
      });
      await tx.query(`insert into before_commit_probe values (1, 'body')`);
      seen.push('body done');
      return 'answer';
    });
    expect(answer).toBe('answer');
    expect(seen).toEqual(['body done', 'first saw 1', 'second', 'queued by the work']);
    expect(await notes()).toEqual({ 1: 'body', 2: 'queued, then updated' });
  });

  it('rolls the whole transaction back when queued work fails, and the next transaction starts with nothing queued', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`insert into before_commit_probe values (3, 'body')`);
        beforeCommit(tx, async () => {
          await tx.query(`insert into before_commit_probe values (4, 'work')`);
          throw new Error('the work failed');
        });
      }),
    ).rejects.toThrow('the work failed');
    await t.db.transaction(async (tx) => {
      await tx.query(`insert into before_commit_probe values (5, 'after')`);
    });
    const stored = await notes();
    expect(stored[3]).toBeUndefined();
    expect(stored[4]).toBeUndefined();
    expect(stored[5]).toBe('after');
  });

  it('gathers one state per transaction and flushes it once before COMMIT; state added while it flushes is flushed after it', async () => {
    const flushed: number[][] = [];
    const gathered = gatheredBeforeCommit(
      (): number[] => [],
      async (tx, ns: number[]) => {
        flushed.push([...ns]);
        for (const n of ns) await tx.query(`insert into before_commit_probe values ($1, 'gathered')`, [n]);
        // Added during the flush: a new state, flushed after this one in the same transaction.
        if (ns.includes(10)) gathered(tx).push(13);
      },
    );
    await t.db.transaction(async (tx) => {
      gathered(tx).push(10);
      gathered(tx).push(11);
      expect(gathered(tx)).toEqual([10, 11]);
    });
    await t.db.transaction(async (tx) => {
      gathered(tx).push(12);
    });
    expect(flushed).toEqual([[10, 11], [13], [12]]);
    const stored = await notes();
    expect([stored[10], stored[11], stored[12], stored[13]]).toEqual(['gathered', 'gathered', 'gathered', 'gathered']);
  });

  it('refuses an executor that is not an open transaction (the database, or a transaction already ended)', async () => {
    expect(() => beforeCommit(t.db, async () => undefined)).toThrow('not the executor of an open transaction');
    let ended: unknown;
    await t.db.transaction(async (tx) => {
      ended = tx;
    });
    expect(() => beforeCommit(ended as typeof t.db, async () => undefined)).toThrow('not the executor of an open transaction');
  });
});
