import { join } from 'node:path';
import { Client } from 'pg';
import {
  allowConnections,
  createTestDatabase,
  pgWireProxy,
  runTs,
  terminateConnections,
  testInfra,
  waitFor,
  waitForExit,
  waitForOutput,
  type TestDatabase,
} from '@leadline/testing';
import { DatabaseUnavailableError } from '../src/event-store.errors';
import { EVENTS_CHANNEL } from '../src/postgres/schema';
import type { SqlDatabase } from '../src/sql.port';
import { createPgDatabase } from '../src/drivers/pg.database';
import { preparedStatement } from '../src/drivers/prepared-statements';

const CHILD = join(__dirname, 'connection-loss.child.ts');

/** The processor's lock and the LISTEN session are back on the test database. */
async function sessionsBack(database: TestDatabase): Promise<boolean> {
  const client = new Client({ connectionString: testInfra().postgresAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ listening: boolean; locked: boolean }>(
      `select exists (select 1 from pg_stat_activity where datname = $1 and query ilike 'listen%') as listening,
              exists (select 1 from pg_locks l join pg_database d on d.oid = l.database
                      where d.datname = $1 and l.locktype = 'advisory' and l.granted) as locked`,
      [database.name],
    );
    return rows[0].listening && rows[0].locked;
  } finally {
    await client.end();
  }
}

describe('pg database when the server ends its connections', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('conn-loss');
    db = await createPgDatabase(database.url, { applicationName: 'conn-loss-test' });
    await db.query('create table tallies (n integer not null)');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('runs a transaction again on a new connection when its connection was lost before COMMIT, so its effect commits once', async () => {
    let runs = 0;
    const result = await db.transaction(async (tx) => {
      runs++;
      await tx.query('insert into tallies (n) values (1)');
      if (runs === 1) await terminateConnections(database.name);
      await tx.query('select 1');
      return runs;
    });
    expect(result).toBe(2);
    expect((await db.query<{ total: string }>('select count(*)::text as total from tallies')).rows).toEqual([{ total: '1' }]);
  });

  it('answers DatabaseUnavailableError while the database refuses connections, and works again once it accepts them', async () => {
    await allowConnections(database.name, false);
    try {
      await terminateConnections(database.name);
      await expect(db.query('select 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(db.transaction((tx) => tx.query('select 1'))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await allowConnections(database.name, true);
    }
    expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps a statement error as it is (not a lost connection) and rolls its transaction back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into tallies (n) values (2)');
        await tx.query('select * from no_such_table');
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    expect((await db.query('select 1 from tallies where n = 2')).rowCount).toBe(0);
  });

  it('hears notifications again after its LISTEN connection was terminated', async () => {
    const heard: string[] = [];
    const unlisten = await db.listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
    await terminateConnections(database.name);
    // On reconnecting it calls every handler with an empty payload, so readers catch up on what they missed.
    await waitFor(() => heard.includes(''), { timeoutMs: 15_000, message: 'the catch-up call after reconnecting' });
    await db.query(`select pg_notify('${EVENTS_CHANNEL}', 'after-reconnect')`);
    await waitFor(() => heard.includes('after-reconnect'), { timeoutMs: 15_000, message: 'a notification after reconnecting' });
    await unlisten();
  });

  it('prepares a marked statement once per connection: same answers on every connection, after a failed transaction, a lost connection and a change of its table', async () => {
    const text = preparedStatement('select n from tallies where n = any($1::int[]) order by n');
    const prepared = (tx: { query: SqlDatabase['query'] }) =>
      tx.query<{ n: number }>(`select count(*)::int as n from pg_prepared_statements where statement = $1`, [text]);
    await db.query('insert into tallies (n) values (7), (8)');
    // More at once than one connection: each connection prepares it on its first run, then only binds it.
    const answers = await Promise.all(Array.from({ length: 12 }, () => db.query<{ n: number }>(text, [[7, 8, 9]])));
    for (const answer of answers) expect(answer.rows).toEqual([{ n: 7 }, { n: 8 }]);
    await db.transaction(async (tx) => {
      expect((await tx.query<{ n: number }>(text, [[8]])).rows).toEqual([{ n: 8 }]);
      expect((await prepared(tx)).rows).toEqual([{ n: 1 }]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('select * from no_such_table');
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    expect((await db.query<{ n: number }>(text, [[7]])).rows).toEqual([{ n: 7 }]);
    await terminateConnections(database.name);
    await waitFor(async () => (await db.query<{ n: number }>(text, [[7]]).catch(() => ({ rows: [] }))).rows.length === 1, {
      timeoutMs: 10_000,
      message: 'the statement on a new connection',
    });
    // The plan follows its table: a column added, the table dropped and made again.
    await db.query('alter table tallies add column note text');
    expect((await db.query<{ n: number }>(text, [[8]])).rows).toEqual([{ n: 8 }]);
    await db.query('drop table tallies');
    await db.query('create table tallies (n integer not null)');
    await db.query('insert into tallies (n) values (9)');
    const after = await Promise.all(Array.from({ length: 12 }, () => db.query<{ n: number }>(text, [[7, 8, 9]])));
    for (const answer of after) expect(answer.rows).toEqual([{ n: 9 }]);
  });

  it('tells a held session that its connection is gone', async () => {
    const session = await db.session();
    expect(session.lost).toBe(false);
    await terminateConnections(database.name);
    await waitFor(() => session.lost, { timeoutMs: 10_000, message: 'the session noticing its lost connection' });
    await expect(session.query('select 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await session.release();
  });
});

describe('pg database round trips', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('round-trips');
  });
  afterAll(() => database.drop());

  it("sends a transaction's BEGIN with its first statement: one round trip fewer, same outcome and rollback", async () => {
    const proxy = await pgWireProxy(new URL(database.url));
    const db = await createPgDatabase(proxy.url, { poolSize: 1, applicationName: 'round-trips-test' });
    try {
      await db.query('create table marks (n integer not null)');
      const before = proxy.turns();
      const sent = proxy.statements().length;
      const inTransaction = await db.transaction(async (tx) => {
        await tx.query('insert into marks (n) values ($1)', [1]);
        // The insert's transaction id is still assigned: both statements ran in the transaction BEGIN opened.
        return (await tx.query<{ assigned: boolean }>('select txid_current_if_assigned() is not null as assigned')).rows[0];
      });
      // begin + insert, select, commit: three turns (four when BEGIN waits for its own answer).
      expect(proxy.turns() - before).toBe(3);
      expect(proxy.statements().slice(sent)).toEqual([
        'begin',
        'insert into marks (n) values ($1)',
        'select txid_current_if_assigned() is not null as assigned',
        'commit',
      ]);
      expect(inTransaction).toEqual({ assigned: true });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into marks (n) values ($1)', [2]);
          await tx.query('select * from no_such_table');
        }),
      ).rejects.toMatchObject({ code: '42P01' });
      expect((await db.query<{ n: number }>('select n from marks order by n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
      await proxy.close();
    }
  });
});

describe('a process writing and processing while its backends are terminated', () => {
  it('does not exit, and applies every event exactly once', async () => {
    const database = await createTestDatabase('conn-loss-proc');
    const count = 240;
    const child = runTs(CHILD, [database.url, String(count)]);
    try {
      await waitForOutput(child, 'STARTED');
      for (let round = 0; round < 3; round++) {
        await new Promise((resolve) => setTimeout(resolve, 700));
        expect(await terminateConnections(database.name)).toBeGreaterThan(0);
      }
      // The LISTEN session and the processor's advisory-lock session come back without a restart.
      await waitFor(() => sessionsBack(database), {
        timeoutMs: 20_000,
        message: () => `LISTEN and the processor lock back; child output:\n${child.output()}`,
      });
      await waitForOutput(child, 'DONE', 90_000);
      expect(await waitForExit(child)).toBe(0);
      expect(child.output()).not.toMatch(/Unhandled 'error' event|FAILED/);
    } finally {
      child.kill('SIGKILL');
    }
    const check = await createPgDatabase(database.url);
    const { rows } = await check.query<{ n: number; applied: string }>(
      'select n, count(*)::text as applied from effects group by n order by n',
    );
    await check.close();
    await database.drop();
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: count }, (_, n) => n));
    expect(rows.filter((r) => r.applied !== '1')).toEqual([]);
  });
});

describe('pg database session settings', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('session-settings');
  });
  afterAll(() => database.drop());

  const jitOf = async (executor: { query: SqlDatabase['query'] }) => (await executor.query<{ jit: string }>('show jit')).rows[0].jit;

  it("turns JIT compilation off on every connection it opens (pool, transactions, sessions), unless told to keep the server's", async () => {
    const raw = new Client({ connectionString: database.url });
    await raw.connect();
    const serverDefault = (await raw.query<{ jit: string }>('show jit')).rows[0].jit;
    await raw.end();

    const db = await createPgDatabase(database.url, { poolSize: 2 });
    const kept = await createPgDatabase(database.url, { poolSize: 1, jit: true });
    try {
      // Both pool connections, each asked at once so the pool opens the second.
      expect(await Promise.all([jitOf(db), db.transaction((tx) => jitOf(tx))])).toEqual(['off', 'off']);
      const session = await db.session();
      try {
        expect(await jitOf(session)).toBe('off');
      } finally {
        await session.release();
      }
      expect(await jitOf(kept)).toBe(serverDefault);
    } finally {
      await db.close();
      await kept.close();
    }
  });
});
