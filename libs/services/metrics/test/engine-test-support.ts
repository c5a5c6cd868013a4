// Shared by the engine's integration specs: a store per driver, a tiny read model, table comparison.
import type { SqlExecutor } from '@leadline/event-store';
import { openTestStore as openStore, type Driver, type TestStore } from '@leadline/event-store/testing';
import type { ReadModel } from '../src/engine/read-model';

export { openDatabase, type TestStore } from '@leadline/event-store/testing';

/** A store whose pg database commits without waiting for the disk: histories append faster. */
export const openTestStore = (driver: Driver, label: string): Promise<TestStore> => openStore(driver, label, { fastCommits: true });

/**
 * Counts by event type and by stream, with `n = n + excluded.n`: deliberately not idempotent on
 * its own, so an event applied twice shows up as a wrong count.
 */
export const COUNTING_MODEL: ReadModel = {
  name: 'test-counts',
  tables: ['type_counts', 'stream_counts'],
  eventTypes: ['Counted', 'AlsoCounted'],
  ddl: (schema) => [
    `create table ${schema}.type_counts (event_type text primary key, n bigint not null)`,
    `create table ${schema}.stream_counts (stream_id text primary key, n bigint not null, last_n integer)`,
  ],
  async apply(events, { tx, schema }) {
    const byType = new Map<string, number>();
    const byStream = new Map<string, { n: number; last: number | null }>();
    for (const e of events) {
      byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
      const s = byStream.get(e.streamId) ?? { n: 0, last: null };
      byStream.set(e.streamId, { n: s.n + 1, last: (e.data as { n?: number }).n ?? s.last });
    }
    await tx.query(
      `insert into ${schema}.type_counts as t (event_type, n) select * from unnest($1::text[], $2::bigint[])
       on conflict (event_type) do update set n = t.n + excluded.n`,
      [[...byType.keys()], [...byType.values()]],
    );
    await tx.query(
      `insert into ${schema}.stream_counts as t (stream_id, n, last_n) select * from unnest($1::text[], $2::bigint[], $3::integer[])
       on conflict (stream_id) do update set n = t.n + excluded.n, last_n = coalesce(excluded.last_n, t.last_n)`,
      [[...byStream.keys()], [...byStream.values()].map((s) => s.n), [...byStream.values()].map((s) => s.last)],
    );
  },
};

/** Rows of `a` not in `b` and of `b` not in `a` (multisets), for every table; empty when equal. */
export async function tableDifferences(db: SqlExecutor, a: string, b: string, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ n: string }>(
      `select ((select count(*) from (select * from ${a}.${table} except all select * from ${b}.${table}) x) +
               (select count(*) from (select * from ${b}.${table} except all select * from ${a}.${table}) y))::text as n`,
    );
    const n = Number(rows[0].n);
    if (n > 0) out[table] = n;
  }
  return out;
}

export async function rowCount(db: SqlExecutor, relation: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from ${relation}`);
  return Number(rows[0].n);
}

export const SETTINGS = {
  liveBatchSize: 100,
  rebuildBatchSize: 500,
  versionPollMs: 100,
  keepRetired: 1,
  switchMaxLag: 0,
  autoRebuild: true,
  processorPollMs: 20,
  lockRetryMs: 100,
} as const;
