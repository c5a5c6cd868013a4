import { Client } from 'pg';
import { randomSuffix, testInfra, waitFor } from '@leadline/testing';
import { openTestStore, type TestStore } from './test-store';
import { LOG_START } from '../src/event.types';
import { PostgresEventStore, type SqlDatabase } from '../src';
import { LOG_HORIZON } from '../src/postgres/log-horizon';
import { settledHead } from '../src/processor/processor-lag';

/** A client of its own on `url` (a transaction held open on it is one backend's). */
async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Opens a transaction on `client` and gives it an xid, as a writer has: the kind that holds a horizon. */
async function holdTransaction(client: Client): Promise<bigint> {
  await client.query('begin');
  const { rows } = await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
  return BigInt(rows[0].xid);
}

/** A transaction that commits after the held one, so the server's snapshots have the held xid in their xip. */
async function commitLater(t: TestStore, streamId: string): Promise<bigint> {
  const appended = await t.store.appendToStream(streamId, [{ type: 'HorizonTested', data: {} }]);
  return appended.events[0].transactionId;
}

/**
 * A positive read, retried for a moment: a transaction of another database that ends between a read's
 * snapshot and its look at pg_stat_activity holds that one read back (log-horizon.ts). Negative reads
 * need no retry: such a moment only ever lowers the horizon.
 */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  await waitFor(
    async () => {
      expect(await read()).toEqual(expected);
      return true;
    },
    { timeoutMs: 5_000, intervalMs: 20, message: 'the read to show what was committed' },
  );
}

async function idsAfterStart(t: Pick<TestStore, 'store'>): Promise<string[]> {
  const page = await t.store.readLog({ after: LOG_START, categories: ['horizon'] });
  return page.events.map((e) => e.streamId);
}

interface LogRead {
  /** Whether the read took the look at the server's backends (LOG_HORIZON) rather than the server-wide horizon. */
  readonly looked: boolean;
  /** For a read that looked: whether its horizon passed the server-wide one (the look paid). */
  readonly passed?: boolean;
}

/** The same database, recording each log read the store sends through it: whether it looked, and what that gave. */
function recordingLogReads(db: SqlDatabase): { readonly db: SqlDatabase; readonly reads: LogRead[] } {
  const reads: LogRead[] = [];
  const recording: SqlDatabase = {
    driver: db.driver,
    query: async <Row>(text: string, params?: readonly unknown[]) => {
      const result = await db.query<Row>(text, params);
      if (text.includes('as horizon) h')) {
        const looked = text.includes('pg_stat_get_activity');
        reads.push(looked ? { looked, passed: (result.rows[0] as { horizon_passed?: boolean })?.horizon_passed } : { looked });
      }
      return result;
    },
    transaction: (fn) => db.transaction(fn),
    session: () => db.session(),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
  return { db: recording, reads };
}

// The log's horizon only waits for transactions that may write to this database (postgres-event-store's
// LOG_HORIZON). Real PostgreSQL only: PGlite has one connection (gap-safety.int-spec.ts runs there too).
describe('the global log horizon on pg (per database)', () => {
  let t: TestStore;
  let elsewhere: Client;
  beforeAll(async () => {
    t = await openTestStore('pg', 'horizon');
    // Another database of the same server: the admin one the test databases are created from.
    elsewhere = await connect(testInfra().postgresAdminUrl);
  });
  afterAll(async () => {
    await elsewhere?.end().catch(() => undefined);
    await t?.close();
  });

  it('is not held back by a transaction open in another database', async () => {
    const held = await holdTransaction(elsewhere);
    try {
      const xid = await commitLater(t, 'horizon-a');
      expect(xid).toBeGreaterThan(held);
      // The server-wide horizon (pg_snapshot_xmin) would stop below `held`, so this read would be empty.
      await eventually(() => idsAfterStart(t), ['horizon-a']);
      await eventually(async () => (await settledHead(t.db)).transactionId, xid);
    } finally {
      await elsewhere.query('rollback');
    }
  });

  it("still waits for this database's writer in flight: its event, committed after a newer one, is delivered first", async () => {
    const writer = await connect(t.location);
    await holdTransaction(elsewhere); // open meanwhile in another database: not what holds these reads
    try {
      const before = await settledHead(t.db);
      const slow = await holdTransaction(writer);
      await t.store.inTransaction(writer).appendToStream('horizon-slow', [{ type: 'HorizonTested', data: {} }]);
      const fast = await commitLater(t, 'horizon-fast');
      expect(fast).toBeGreaterThan(slow);

      // The newer event is committed, but an older transaction of this database may still write below it.
      const whileOpen = await t.store.readLog({ after: before, categories: ['horizon'] });
      expect(whileOpen.events).toEqual([]);
      expect(whileOpen.checkpoint).toEqual(before);
      expect((await settledHead(t.db)).transactionId).toBeLessThan(slow);

      await writer.query('commit');
      const after = async () => (await t.store.readLog({ after: before, categories: ['horizon'] })).events.map((e) => e.streamId);
      await eventually(after, ['horizon-slow', 'horizon-fast']);
    } finally {
      await writer.query('rollback').catch(() => undefined);
      await writer.end();
      await elsewhere.query('rollback');
    }
  });

  it("needs no grant: a role without pg_read_all_stats places other roles' transactions of other databases too", async () => {
    const role = `ll_horizon_${randomSuffix(6)}`;
    const password = `pw_${randomSuffix(12)}`;
    await t.db.query(`create role ${role} login password '${password}'`);
    let reader: Client | undefined;
    const writer = await connect(t.location);
    try {
      await t.db.query(`grant usage on schema event_store to ${role}`);
      await t.db.query(`grant select on event_store.events to ${role}`);
      const url = new URL(t.location);
      url.username = role;
      url.password = password;
      reader = await connect(url.toString());
      const privileged = await reader.query<{ stats: boolean; superuser: boolean }>(
        `select pg_has_role('pg_read_all_stats', 'usage') as stats, (select rolsuper from pg_roles where rolname = current_user) as superuser`,
      );
      expect(privileged.rows[0]).toEqual({ stats: false, superuser: false });
      const horizon = async () => BigInt((await reader!.query<{ h: string }>(`select ${LOG_HORIZON}::text as h`)).rows[0].h);

      // Another role's (the admin's) transaction in another database: placed there, so not waited for.
      const held = await holdTransaction(elsewhere);
      const xid = await commitLater(t, 'horizon-role');
      expect(xid).toBeGreaterThan(held);
      await eventually(async () => (await horizon()) > xid, true);

      // Another role's writer in this database: waited for, whatever this role may see of it.
      const slow = await holdTransaction(writer);
      await commitLater(t, 'horizon-role-later');
      expect(await horizon()).toBeLessThanOrEqual(slow);
    } finally {
      await writer.query('rollback').catch(() => undefined);
      await writer.end();
      await elsewhere.query('rollback').catch(() => undefined);
      await reader?.end().catch(() => undefined);
      await t.db.query(`drop owned by ${role}`);
      await t.db.query(`drop role ${role}`);
    }
  });

  describe('the look taken only when it may pay (HorizonLooks)', () => {
    it("waits for this database's writer without looking at every backend on every read", async () => {
      const recorded = recordingLogReads(t.db);
      const store = await PostgresEventStore.create(recorded.db, { migrate: false, horizonLookAfterMs: 60_000 });
      const writer = await connect(t.location);
      try {
        const before = await settledHead(t.db);
        const slow = await holdTransaction(writer);
        await t.store.inTransaction(writer).appendToStream('horizon-own-slow', [{ type: 'HorizonTested', data: {} }]);
        const fast = await commitLater(t, 'horizon-own-fast');
        expect(fast).toBeGreaterThan(slow);

        // Every read here would take the look before (a transaction is open, a newer event committed): 20 of 20.
        for (let i = 0; i < 20; i++) {
          const page = await store.readLog({ after: before, categories: ['horizon'] });
          expect(page.events).toEqual([]); // held back by the open writer of this database, with or without the look
          expect(page.checkpoint).toEqual(before);
        }
        const looks = recorded.reads.filter((r) => r.looked);
        expect(recorded.reads).toHaveLength(20);
        // A look follows only a look that paid (another database's transaction was the oldest open on the server:
        // other test files run beside this one). Alone on the server: none.
        expect(looks.length).toBeLessThanOrEqual(looks.filter((r) => r.passed === true).length);

        await writer.query('commit');
        const after = async () => (await store.readLog({ after: before, categories: ['horizon'] })).events.map((e) => e.streamId);
        await eventually(after, ['horizon-own-slow', 'horizon-own-fast']);
      } finally {
        await writer.query('rollback').catch(() => undefined);
        await writer.end();
      }
    });

    it('passes a transaction of another database once it has held the server-wide horizon a moment, then looks while that pays', async () => {
      const recorded = recordingLogReads(t.db);
      const store = await PostgresEventStore.create(recorded.db, { migrate: false, horizonLookAfterMs: 300 });
      const head = await settledHead(t.db);
      const held = await holdTransaction(elsewhere);
      try {
        const xid = await commitLater(t, 'horizon-probed');
        expect(xid).toBeGreaterThan(held);
        const read = async () => (await store.readLog({ after: head, categories: ['horizon'] })).events.map((e) => e.streamId);
        // The server-wide horizon stops below `held` for as long as it is open: only a look passes it.
        await eventually(read, ['horizon-probed']);

        const from = recorded.reads.length;
        for (let i = 0; i < 10; i++) expect(await read()).toEqual(['horizon-probed']);
        expect(recorded.reads.slice(from)).toEqual(Array.from({ length: 10 }, () => ({ looked: true, passed: true })));
      } finally {
        await elsewhere.query('rollback');
      }
    });
  });
});
