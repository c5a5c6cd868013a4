/**
 * Local experiment: where a 100-event PostgresEventStore.appendToStream spends its time.
 *   node -r ./tools/register.cjs tools/bench/experiments/leadline-batch.experiment.ts
 * Times the store append, then the events-insert statement alone (server side, EXPLAIN ANALYZE in a
 * rolled-back transaction) with `returning *` + full row select vs returning only positions, and
 * with vs without the three secondary log indexes (category, type, lead).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPgDatabase, PostgresEventStore } from '@leadline/event-store';

const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ev = (s: string, n: number) => ({
  type: 'LeadScored',
  data: {
    leadId: s,
    seq: n,
    company: { name: `Company ${n}`, domain: `c${n}.example.com`, employees: n },
    contact: { name: `C ${n}`, email: `c${n}@x.example.com` },
    score: n % 100,
    tags: ['inbound', 'b2b'],
  },
  metadata: { leadId: s, correlationId: randomUUID(), schemaVersion: 1 },
});

async function main(): Promise<void> {
  const name = `ll_bench_experiment_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const db = await createPgDatabase(url.toString(), { poolSize: 2 });
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    const store = await PostgresEventStore.create(db);
    const batch = async () => {
      const s = `lead-${randomUUID()}`;
      const t = process.hrtime.bigint();
      await store.appendToStream(
        s,
        Array.from({ length: 100 }, (_, i) => ev(s, i)),
        { expectedVersion: 0 },
      );
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    for (let i = 0; i < 30; i++) await batch();
    const times = [];
    for (let i = 0; i < 50; i++) times.push(await batch());
    times.sort((a, b) => a - b);
    console.log(`store appendToStream, 100 events: p50 ${times[25].toFixed(2)} ms (client, incl. commit)`);

    const insert = async (returning: 'full' | 'positions') => {
      const s = `lead-${randomUUID()}`;
      const rows = Array.from({ length: 100 }, (_, i) => {
        const e = ev(s, i);
        return {
          event_id: randomUUID(),
          stream_version: i + 1,
          event_type: e.type,
          data: e.data,
          metadata: e.metadata,
          lead_id: s,
          correlation_id: e.metadata.correlationId,
          causation_id: null,
          schema_version: 1,
        };
      });
      const sql = `with e as (
         insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, causation_id, schema_version)
         select r.event_id, $2, r.stream_version, $3, r.event_type, r.data, r.metadata, r.lead_id, r.correlation_id, r.causation_id, r.schema_version
         from jsonb_to_recordset($1::jsonb) as r(event_id uuid, stream_version bigint, event_type text, data jsonb,
              metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
         order by r.stream_version returning ${returning === 'full' ? '*' : 'global_position, transaction_id, stream_version'}
       ) select ${
         returning === 'full'
           ? `e.event_id::text as event_id, e.event_type, e.data, e.metadata, e.stream_id,
         e.stream_version::text as stream_version, e.category, e.global_position::text as global_position,
         e.transaction_id::text as transaction_id, e.recorded_at`
           : 'e.global_position::text, e.transaction_id::text'
       } from e order by e.stream_version`;
      await c.query('begin');
      const plan = await c.query(`explain (analyze, wal, costs off) ${sql}`, [JSON.stringify(rows), s, 'lead']);
      await c.query('rollback');
      await c.query('begin');
      const t = process.hrtime.bigint();
      await c.query(sql, [JSON.stringify(rows), s, 'lead']);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      await c.query('rollback');
      const text = plan.rows.map((r) => r['QUERY PLAN'] as string);
      return { ms, exec: text.find((l) => l.startsWith('Execution Time')) ?? '', wal: text.find((l) => l.includes('WAL:')) ?? '' };
    };
    for (const phase of ['all indexes', 'without filter/lead indexes']) {
      if (phase !== 'all indexes') {
        await c.query('drop index event_store.events_filter_log_idx, event_store.events_lead_idx');
      }
      for (const r of ['full', 'positions'] as const) {
        const out = [];
        for (let i = 0; i < 15; i++) out.push(await insert(r));
        out.sort((a, b) => a.ms - b.ms);
        const m = out[7];
        console.log(`insert 100 (${phase}, returning ${r}): client ${m.ms.toFixed(2)} ms; server ${m.exec.trim()}; ${m.wal.trim()}`);
      }
    }
  } finally {
    await c.end();
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
