import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createPgDatabase, LOG_START, PostgresEventStore, Processor, type SqlDatabase } from '../src';
import { DATA_KEYS, PersonalDataVault } from '../src/privacy';
import { genericPlanStatement } from '../src/drivers/prepared-statements';
import { preparedOnTheConnection, preparedOnTheGenericPlanConnection } from './prepared-on-connection';

const runsOf = (prepared: Array<{ statement: string; runs: number }>, ...parts: string[]): number[] =>
  prepared.filter((p) => parts.every((part) => p.statement.includes(part))).map((p) => p.runs);

/** A log read's runs by name over its texts (one with the horizon's look at other backends, one without). */
const total = (runs: number[]): number => runs.reduce((a, b) => a + b, 0);

describe('the hot statements prepared on a pg connection', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase('prepared-hot');
    // One connection: every statement of the pool runs on it, so its pg_prepared_statements shows them all.
    db = await createPgDatabase(database.url, { poolSize: 1 });
    store = await PostgresEventStore.create(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('reads a stream through a statement parsed once and run again by name; reads by a list of keys are planned per call', async () => {
    const written = await store.appendToStream('prepared-1', [{ type: 'Noted', data: { n: 1 } }]);
    for (let i = 0; i < 3; i++) {
      expect((await store.readEvents([written.events[0].id])).map((e) => e.data)).toEqual([{ n: 1 }]);
      expect((await store.readStream('prepared-1')).map((e) => e.data)).toEqual([{ n: 1 }]);
      expect((await store.readStreams(['prepared-1'], { eventTypes: ['Noted'] })).map((e) => e.data)).toEqual([{ n: 1 }]);
    }
    const prepared = await preparedOnTheConnection(db);
    expect(runsOf(prepared, 'where e.stream_id = $1 and e.stream_version >= $2')).toEqual([3]);
    // A generic plan for `= any($1)` made on a small log scans the table, and keeps doing so as it grows.
    expect(runsOf(prepared, 'where e.event_id = any($1::uuid[])')).toEqual([]);
    expect(runsOf(prepared, 'x.stream_id = k.stream_id and x.event_type = any($2::text[])')).toEqual([]);
  });

  it('reads the data keys through their unique indexes as the table grows after it was analyzed small', async () => {
    const vault = await PersonalDataVault.open(db, randomBytes(32));
    const first = await db.transaction((tx) => vault.keysForSubjects(tx, ['subject-0', 'subject-1', 'subject-2']));
    await db.query(`analyze ${DATA_KEYS}`);
    const firstId = (first.get('subject-0') as { keyId: string }).keyId;
    // More runs than PostgreSQL's five custom plans before it weighs a generic one.
    for (let i = 0; i < 8; i++) {
      await db.transaction(async (tx) => {
        await vault.keysById(tx, [firstId]);
        await vault.keysForSubjects(tx, [`subject-${i % 3}`]);
      });
    }
    // The table grows well past the one page it was analyzed at (no analyze after).
    await db.transaction((tx) =>
      vault.keysForSubjects(
        tx,
        Array.from({ length: 3_000 }, (_, n) => `grown-${n}`),
      ),
    );
    const scansSoFar = async (): Promise<{ seq: number; index: number }> => {
      // This backend's counts flushed to the cumulative view (PostgreSQL 15+), then read in a statement of its own.
      await db.query('select pg_stat_force_next_flush()');
      const { rows } = await db.query<{ seq_scan: string; idx_scan: string }>(
        `select seq_scan, idx_scan from pg_stat_user_tables where schemaname = 'privacy' and relname = 'data_keys'`,
      );
      return { seq: Number(rows[0].seq_scan), index: Number(rows[0].idx_scan) };
    };
    const before = await scansSoFar();
    await db.transaction(async (tx) => {
      expect((await vault.keysById(tx, [firstId])).get(firstId)).toMatchObject({ keyId: firstId });
      expect((await vault.keysForSubjects(tx, ['grown-7', 'subject-1'])).size).toBe(2);
    });
    const after = await scansSoFar();
    const scans = { seq: after.seq - before.seq, index: after.index - before.index };
    // A generic plan made on the small table would still scan all of it.
    expect(scans.seq).toBe(0);
    expect(scans.index).toBeGreaterThanOrEqual(2);
  });

  it("prepares a log read only near the log's head, on a connection that always takes its generic plan: a read that may start far behind keeps its custom plan", async () => {
    const readLog = ['left join lateral', 'e.category = any($4::text[])', 'e.event_type = any($5::text[])'];
    const options = { categories: ['prepared'], eventTypes: ['Noted'], maxCount: 100, heldBack: true };
    for (let i = 0; i < 3; i++) await store.readLog({ ...options, after: LOG_START });
    expect(runsOf(await preparedOnTheConnection(db), ...readLog)).toEqual([]);
    expect(runsOf(await preparedOnTheGenericPlanConnection(db), ...readLog)).toEqual([]);
    const head = (await store.readLog({ ...options, after: LOG_START })).checkpoint;
    for (let i = 0; i < 7; i++) expect((await store.readLog({ ...options, after: head, nearHead: true })).events).toEqual([]);
    // Planned once: seven runs (more than the plan cache's five custom plans before it weighs a generic one), all of
    // them on the generic plan; none on the connections of the other statements.
    const generic = (await preparedOnTheGenericPlanConnection(db)).filter((p) => readLog.every((part) => p.statement.includes(part)));
    expect({ runs: total(generic.map((p) => p.runs)), generic: total(generic.map((p) => p.generic)) }).toEqual({ runs: 7, generic: 7 });
    expect(runsOf(await preparedOnTheConnection(db), ...readLog)).toEqual([]);
  });

  it("runs a statement marked for generic plans on a connection of its own outside transactions, on the transaction's inside one", async () => {
    const mode = genericPlanStatement(`select current_setting('plan_cache_mode') as mode`);
    expect((await db.query<{ mode: string }>(mode)).rows).toEqual([{ mode: 'force_generic_plan' }]);
    // The other statements' connections keep PostgreSQL's choice (unnamed statements planned per call with their values).
    // (The mark is the text's: another text.)
    expect((await db.query<{ mode: string }>(`select current_setting('plan_cache_mode') as mode -- unmarked`)).rows).toEqual([
      { mode: 'auto' },
    ]);
    expect(await db.transaction(async (tx) => (await tx.query<{ mode: string }>(mode)).rows)).toEqual([{ mode: 'auto' }]);
  });

  it("a caught-up processor's reads and checkpoint stores run prepared, one delivery after another, and it handles each event once", async () => {
    const handled: number[] = [];
    const processor = new Processor(db, store, {
      id: 'prepared-steps',
      categories: ['steps'],
      handle: async (events) => void handled.push(...events.map((e) => (e.data as { n: number }).n)),
    });
    await processor.start();
    try {
      await processor.waitForIdle();
      const stepRead = ['left join lateral', 'e.category = any($4::text[])', 'above.found is not null'];
      const readsBefore = total(runsOf(await preparedOnTheGenericPlanConnection(db), ...stepRead));
      for (let n = 1; n <= 5; n++) {
        await store.appendToStream(`steps-${n}`, [{ type: 'Stepped', data: { n } }]);
        await processor.waitForIdle();
      }
      expect(handled).toEqual([1, 2, 3, 4, 5]);
      const after = await preparedOnTheConnection(db);
      // Each delivery's read is caught up (the page before it was not full): all five ran by name, on the generic plan.
      expect(total(runsOf(await preparedOnTheGenericPlanConnection(db), ...stepRead)) - readsBefore).toBeGreaterThanOrEqual(5);
      // Exactly-once: the checkpoint's compare-and-set in each delivery's transaction, by name.
      expect(runsOf(after, 'update event_store.checkpoints set transaction_id = $4::xid8')[0]).toBeGreaterThanOrEqual(5);
    } finally {
      await processor.stop();
    }
  });
});
