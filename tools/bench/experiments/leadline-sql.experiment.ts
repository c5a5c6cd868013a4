/**
 * Local experiment (not the store): variants of PostgresEventStore's append and readLog SQL,
 * measured on a fresh database migrated with the real schema. See docs/benchmarks.md.
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/leadline-sql.experiment.ts [--events 3000] [--writers 16]
 *
 * Append variants (single-event appends with exact expected version, streams of 5):
 *   store      PostgresEventStore.appendToStream (begin, upsert stream, id check, insert+update+notify, commit: 5 round trips)
 *   no-notify  the same 5 round trips, without pg_notify
 *   one-stmt   one autocommit statement: conditional stream upsert + event insert + notify (1 round trip)
 * Read variants (whole log, pages of 1000):
 *   store      PostgresEventStore.readLog (left join; sorts every remaining row per page)
 *   lateral    the same page through `left join lateral (... order by ... limit)`: an index-ordered scan
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createPgDatabase, PostgresEventStore, LOG_START, categoryOf, type LogCheckpoint } from '@leadline/event-store';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 3000);
const WRITERS = arg('writers', 16);
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const COLS = `e.event_id::text as event_id, e.event_type, e.data, e.metadata, e.stream_id,
  e.stream_version::text as stream_version, e.category, e.global_position::text as global_position,
  e.transaction_id::text as transaction_id, e.recorded_at`;

function event(streamId: string, n: number) {
  return {
    type: 'LeadScored',
    data: {
      leadId: streamId,
      seq: n,
      company: { name: `Company ${n}`, domain: `c${n}.example.com` },
      score: n % 100,
      tags: ['inbound', 'b2b'],
    },
    metadata: { leadId: streamId, correlationId: randomUUID(), schemaVersion: 1 },
  };
}

type Append = (streamId: string, expected: number, n: number) => Promise<void>;

function fiveRoundTrips(pool: Pool, notify: boolean): Append {
  return async (streamId, expected, n) => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const category = categoryOf(streamId);
      const locked = await c.query(
        `insert into event_store.streams as s (stream_id, category, version) values ($1, $2, 0)
         on conflict (stream_id) do update set stream_id = s.stream_id returning s.version::text as version`,
        [streamId, category],
      );
      const current = Number(locked.rows[0].version);
      const e = { id: randomUUID(), ...event(streamId, n) };
      const stored = await c.query(
        `select ${COLS} from event_store.events e where e.event_id = any($1::uuid[]) order by e.stream_version`,
        [[e.id]],
      );
      if (stored.rows.length || current !== expected) throw new Error('conflict');
      const rows = [
        {
          event_id: e.id,
          stream_version: current + 1,
          event_type: e.type,
          data: e.data,
          metadata: e.metadata,
          lead_id: streamId,
          correlation_id: e.metadata.correlationId,
          causation_id: null,
          schema_version: 1,
        },
      ];
      await c.query(
        `with e as (
           insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, causation_id, schema_version)
           select r.event_id, $2, r.stream_version, $3, r.event_type, r.data, r.metadata, r.lead_id, r.correlation_id, r.causation_id, r.schema_version
           from jsonb_to_recordset($1::jsonb) as r(event_id uuid, stream_version bigint, event_type text, data jsonb,
                metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
           order by r.stream_version returning *
         ), s as (update event_store.streams set version = $4, updated_at = now() where stream_id = $2)
         ${notify ? `, n as (select pg_notify('leadline_events', $3))` : ''}
         select ${COLS} from e ${notify ? ', n' : ''} order by e.stream_version`,
        [JSON.stringify(rows), streamId, category, current + 1],
      );
      await c.query('commit');
    } catch (error) {
      await c.query('rollback');
      throw error;
    } finally {
      c.release();
    }
  };
}

/** One autocommit statement: the stream row moves only if its version is the expected one; events insert only then. */
function oneStatement(pool: Pool): Append {
  return async (streamId, expected, n) => {
    const category = categoryOf(streamId);
    const e = { id: randomUUID(), ...event(streamId, n) };
    const rows = [
      {
        event_id: e.id,
        stream_version: expected + 1,
        event_type: e.type,
        data: e.data,
        metadata: e.metadata,
        lead_id: streamId,
        correlation_id: e.metadata.correlationId,
        causation_id: null,
        schema_version: 1,
      },
    ];
    const result = await pool.query(
      `with s as (
         insert into event_store.streams as s (stream_id, category, version) values ($2, $3, $5)
         on conflict (stream_id) do update set version = excluded.version, updated_at = now() where s.version = $4
         returning s.version
       ), e as (
         insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, causation_id, schema_version)
         select r.event_id, $2, r.stream_version, $3, r.event_type, r.data, r.metadata, r.lead_id, r.correlation_id, r.causation_id, r.schema_version
         from s, jsonb_to_recordset($1::jsonb) as r(event_id uuid, stream_version bigint, event_type text, data jsonb,
              metadata jsonb, lead_id text, correlation_id text, causation_id text, schema_version integer)
         order by r.stream_version returning *
       ), n as (select pg_notify('leadline_events', $3) from s)
       select ${COLS} from e left join n on true order by e.stream_version`,
      [JSON.stringify(rows), streamId, category, expected, expected + 1],
    );
    // Zero rows = conflict or idempotent re-append: the store would fall back to its current (5 round-trip) path here.
    if (result.rows.length !== 1) throw new Error('conflict');
  };
}

function storeAppend(store: PostgresEventStore): Append {
  return async (streamId, expected, n) => {
    await store.appendToStream(streamId, [event(streamId, n)], { expectedVersion: expected });
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

async function measure(label: string, append: Append, total: number, writers: number): Promise<void> {
  const lat: number[] = [];
  const per = Math.floor(total / writers);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const ids = Array.from({ length: Math.ceil(per / 5) }, () => `lead-${randomUUID()}`);
      const versions = ids.map(() => 0);
      for (let i = 0; i < per; i++) {
        const s = i % ids.length;
        const t = process.hrtime.bigint();
        await append(ids[s], versions[s], i);
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
        versions[s]++;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort((a, b) => a - b);
  console.log(
    `| append ${label} | ${writers} | ${Math.round((per * writers) / secs)} | ${pct(lat, 50).toFixed(2)} | ${pct(lat, 99).toFixed(2)} |`,
  );
}

async function main(): Promise<void> {
  const name = `ll_bench_experiment_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const db = await createPgDatabase(url.toString(), { poolSize: WRITERS });
  const pool = new Pool({ connectionString: url.toString(), max: WRITERS });
  try {
    const store = await PostgresEventStore.create(db);
    console.log('| variant | writers | events/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|');
    await measure('warm-up', storeAppend(store), 500, 1);
    for (const writers of [1, WRITERS]) {
      await measure('store', storeAppend(store), EVENTS, writers);
      await measure('no-notify', fiveRoundTrips(pool, false), EVENTS, writers);
      await measure('one-stmt', oneStatement(pool), EVENTS, writers);
    }
    // Bulk up the log for the read comparison.
    await pool.query(`insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata)
      select gen_random_uuid(), 'lead-bulk-' || (g / 100), g % 100 + 1000, 'lead', 'LeadScored', e.data, e.metadata
      from generate_series(1, 40000) g, (select data, metadata from event_store.events limit 1) e`);
    await pool.query('analyze event_store.events');
    const total = Number((await pool.query('select count(*) from event_store.events')).rows[0].count);

    const lateral = async (after: LogCheckpoint, limit: number) =>
      (
        await pool.query(
          `select ${COLS}, h.horizon::text as horizon
         from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
         left join lateral (
           select * from event_store.events e
           where (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) and e.transaction_id < h.horizon
           order by e.transaction_id, e.global_position limit $3
         ) e on true
         order by e.transaction_id, e.global_position`,
          [after.transactionId.toString(), after.position.toString(), limit],
        )
      ).rows.filter((r) => r.event_id !== null);
    for (const variant of ['store', 'lateral', 'store', 'lateral']) {
      let after: LogCheckpoint = LOG_START;
      let count = 0;
      const lat: number[] = [];
      const start = process.hrtime.bigint();
      for (;;) {
        const t = process.hrtime.bigint();
        let n: number;
        if (variant === 'store') {
          const page = await store.readLog({ after, maxCount: 1000 });
          n = page.events.length;
          after = page.checkpoint;
        } else {
          const rows = await lateral(after, 1000);
          n = rows.length;
          const last = rows.at(-1);
          if (last) after = { transactionId: BigInt(last.transaction_id), position: BigInt(last.global_position) };
        }
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
        count += n;
        if (n < 1000) break;
      }
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      lat.sort((a, b) => a - b);
      console.log(
        `| read ${variant} (${count}/${total} events) | 1 | ${Math.round(count / secs)} | ${pct(lat, 50).toFixed(2)} | ${pct(lat, 99).toFixed(2)} |`,
      );
    }
    const plan = async (sql: string) =>
      (await pool.query(`explain (analyze, buffers, costs off) ${sql}`, ['0', '0', 1000])).rows.map((r) => r['QUERY PLAN']).join('\n');
    console.log(
      '\nEXPLAIN ANALYZE readLog (store SQL, first page):\n' +
        (await plan(
          `select ${COLS}, h.horizon::text as horizon from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
       left join event_store.events e on (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) and e.transaction_id < h.horizon
       order by e.transaction_id, e.global_position limit $3`,
        )),
    );
    console.log(
      '\nEXPLAIN ANALYZE readLog (lateral, first page):\n' +
        (await plan(
          `select ${COLS}, h.horizon::text as horizon from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) h
       left join lateral (select * from event_store.events e where (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         and e.transaction_id < h.horizon order by e.transaction_id, e.global_position limit $3) e on true
       order by e.transaction_id, e.global_position`,
        )),
    );
  } finally {
    await pool.end();
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
