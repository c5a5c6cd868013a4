/**
 * Local experiment (not the store): what a prepared statement's generic plan does against the custom plan
 * PostgreSQL makes for the same call's values, for the log reads and the other hot reads the store and the
 * consumers run on every delivery or step. A fresh PostgreSQL database migrated with the real schema and filled
 * with a log shaped like the line's (per lead, in one transaction each: a capture, an enrichment, a score, an
 * assignment and its SLA timer; roster and customer events between), then each reader's actual SQL (captured from
 * the store's calls) is prepared and run under `plan_cache_mode = force_custom_plan` and `force_generic_plan`:
 * the plan's shape (the indexes it reads), its execution time (EXPLAIN ANALYZE, median of 5) and the planning time
 * a call pays when not prepared. See docs/benchmarks.md.
 *
 *   BENCH_DATABASE_URL=... node -r ./tools/register.cjs tools/bench/experiments/prepared-plans.experiment.ts [--leads 20000]
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPgDatabase, LOG_START, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const LEADS = Number(arg('leads', '20000'));
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A log like the line's: each lead's five events in a transaction of their own, roster and customer events between. */
async function fill(client: Client): Promise<void> {
  // Fake transaction ids below the server's current one, so every event lies below the log's horizon.
  const { rows } = await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
  const top = Number(rows[0].xid) - 10;
  if (top < LEADS + 100) throw new Error(`the server's xid ${top} is below ${LEADS + 100}: burn some first`);
  const base = top - LEADS - 50;
  await client.query(
    `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id, transaction_id)
     select gen_random_uuid(), c.category || '-' || g, c.version, c.category, c.type, jsonb_build_object('leadId', 'l' || g, 'note', repeat('x', 200)),
            '{"schemaVersion":1}'::jsonb, 'l' || g, 'c' || g, ($1::bigint + g)::text::xid8
     from generate_series(1, $2::int) g,
          (values (1, 'lead', 'LeadCaptured', 1), (2, 'enrichment', 'LeadEnriched', 1), (3, 'score', 'LeadScored', 1),
                  (4, 'assignment', 'LeadAssigned', 1), (5, 'assignment', 'SlaTimerScheduled', 2)) as c(n, category, type, version)
     order by g, c.n`,
    [base, LEADS],
  );
  await client.query(
    `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, transaction_id)
     select gen_random_uuid(), 'roster-' || g, 1, 'roster', 'SdrShiftChanged', '{}'::jsonb, '{"schemaVersion":1}'::jsonb, ($1::bigint + g * 2)::text::xid8
     from generate_series(1, $2::int) g`,
    [base, Math.ceil(LEADS / 2)],
  );
  await client.query(
    `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, transaction_id)
     select gen_random_uuid(), 'customer-' || g, 1, 'customer', 'CustomerCreated', '{}'::jsonb, '{"schemaVersion":1}'::jsonb, 'l' || g, ($1::bigint + g * 250)::text::xid8
     from generate_series(1, $2::int) g`,
    [base, Math.ceil(LEADS / 250)],
  );
  await client.query(`insert into event_store.streams (stream_id, category, version)
                      select stream_id, min(category), max(stream_version) from event_store.events group by stream_id
                      on conflict (stream_id) do update set version = excluded.version`);
  await client.query('analyze');
}

/** The statements a store's call sends, with their values. */
function capturing(db: SqlDatabase, into: Array<{ text: string; params: unknown[] }>): SqlDatabase {
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'query')
        return async (text: string, params?: unknown[]) => {
          into.push({ text, params: [...(params ?? [])] });
          return target.query(text, params);
        };
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const literal = (value: unknown): string =>
  Array.isArray(value)
    ? `'{${value.map((v) => `"${String(v)}"`).join(',')}}'`
    : value === null || value === undefined
      ? 'null'
      : `'${String(value).replace(/'/g, "''")}'`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function compare(client: Client, label: string, text: string, params: unknown[]): Promise<void> {
  const name = `p_${randomUUID().slice(0, 8)}`;
  await client.query(`prepare ${name} as ${text}`);
  const execute = `execute ${name}(${params.map(literal).join(', ')})`;
  const out: string[] = [];
  for (const mode of ['force_custom_plan', 'force_generic_plan']) {
    await client.query(`set plan_cache_mode = ${mode}`);
    const times: number[] = [];
    const planning: number[] = [];
    let plan = '';
    for (let i = 0; i < 5; i++) {
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`explain (analyze, format json) ${execute}`);
      const json = (rows[0]['QUERY PLAN'] as Array<{ 'Execution Time': number; 'Planning Time': number; Plan: unknown }>)[0];
      times.push(json['Execution Time']);
      planning.push(json['Planning Time']);
      plan = JSON.stringify(json.Plan);
    }
    const used = [...plan.matchAll(/"Index Name":"(\w+)"/g)].map((m) => m[1]);
    const seq = (plan.match(/"Node Type":"Seq Scan"/g) ?? []).length;
    out.push(
      `  ${mode === 'force_custom_plan' ? 'custom ' : 'generic'}: exec ${median(times).toFixed(3)} ms, planning ${median(planning).toFixed(3)} ms; indexes ${used.join(', ') || '-'}${seq ? `; ${seq} seq scan(s)` : ''}`,
    );
  }
  await client.query(`deallocate ${name}`);
  await client.query('reset plan_cache_mode');
  console.log(`\n${label}\n${out.join('\n')}`);
}

async function main(): Promise<void> {
  const name = `ll_prep_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  const pg = await createPgDatabase(url.toString());
  try {
    await client.connect();
    await PostgresEventStore.create(pg);
    await fill(client);
    const sent: Array<{ text: string; params: unknown[] }> = [];
    const store = await PostgresEventStore.create(capturing(pg, sent), { migrate: false, groupCommit: false });
    const { rows } = await client.query<{ tx: string; gp: string }>(
      `select transaction_id::text as tx, global_position::text as gp from event_store.events
       order by transaction_id desc, global_position desc offset 20 limit 1`,
    );
    const nearHead = { transactionId: BigInt(rows[0].tx), position: BigInt(rows[0].gp) };
    const ids = (
      await client.query<{ id: string }>('select event_id::text as id from event_store.events order by random() limit 3')
    ).rows.map((r) => r.id);
    const readers: Array<[string, () => Promise<unknown>]> = [
      ['readEvents (ids: the consumer store check)', () => store.readEvents(ids)],
      ['readStream', () => store.readStream('score-17')],
      ['readLog, category (relay), near head, held back', () => store.readLog({ after: nearHead, categories: ['score'], heldBack: true })],
      [
        'readLog, category (relay), from start, held back',
        () => store.readLog({ after: LOG_START, categories: ['score'], heldBack: true }),
      ],
      [
        'readLog, category + type (subscription), near head, held back',
        () => store.readLog({ after: nearHead, categories: ['score'], eventTypes: ['LeadScored'], heldBack: true }),
      ],
      [
        'readLog, rare category, from start, held back',
        () => store.readLog({ after: LOG_START, categories: ['customer'], maxCount: 100, heldBack: true }),
      ],
      [
        'readLog, rare category + type, from start',
        () => store.readLog({ after: LOG_START, categories: ['customer'], eventTypes: ['CustomerCreated'], maxCount: 100 }),
      ],
      [
        'readLog, rare type in a large category, from start',
        () => store.readLog({ after: LOG_START, categories: ['assignment'], eventTypes: ['NoSuchType'], maxCount: 100 }),
      ],
      ['readLog, all, near head', () => store.readLog({ after: nearHead, maxCount: 100 })],
      ['readLog, all, from start', () => store.readLog({ after: LOG_START, maxCount: 100 })],
    ];
    console.log(`PostgreSQL: ${LEADS} leads, ${(await client.query('select count(*) from event_store.events')).rows[0].count} events`);
    for (const [label, run] of readers) {
      sent.length = 0;
      await run();
      for (const { text, params } of sent) await compare(client, label, text, params);
    }
  } finally {
    await client.end().catch(() => undefined);
    await pg.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
