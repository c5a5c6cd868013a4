/**
 * Local experiment (not the store): which indexes on event_store.events the store's readers use, and what each
 * costs an append. On a fresh PGlite (in memory) and a fresh PostgreSQL database, both migrated with the real
 * schema and filled with a synthetic log shaped like the line's (per lead: a capture, an enrichment, a score,
 * an assignment and its SLA timer; other categories without a lead), it prints the plan PostgreSQL chose for
 * every reader's actual SQL (the store's methods through a proxy that runs EXPLAIN first), then times
 * single-event appends on PGlite with the indexes as migrated (five), as before the migration (six) and with no
 * filter index (four) (CPU of this process: PGlite runs in it), rounds alternated. See docs/benchmarks.md.
 *
 *   node -r ./tools/register.cjs tools/bench/experiments/event-indexes.experiment.ts [--leads 5000] [--appends 400] [--rounds 3]
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPgDatabase, createPgliteDatabase, LOG_START, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { explainingReads, fillSyntheticLog } from '@leadline/event-store/testing';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const LEADS = Number(arg('leads', '5000'));
const APPENDS = Number(arg('appends', '400'));
const ROUNDS = Number(arg('rounds', '3'));
const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Plan {
  readonly label: string;
  readonly plan: string;
}

async function explainReaders(db: SqlDatabase, name: string): Promise<void> {
  const plans: Plan[] = [];
  let current = '';
  const explained = explainingReads(db, ({ plan }) => plans.push({ label: current, plan }));
  const store = await PostgresEventStore.create(explained, { migrate: false, groupCommit: false });
  const { rows } = await db.query<{ tx: string; gp: string }>(
    `select transaction_id::text as tx, global_position::text as gp from event_store.events order by transaction_id, global_position
     offset $1 limit 1`,
    [Math.floor(LEADS * 5.5) - 20],
  );
  const nearHead = { transactionId: BigInt(rows[0].tx), position: BigInt(rows[0].gp) };
  const readers: Array<[string, () => Promise<unknown>]> = [
    ['readStream', () => store.readStream('score-17')],
    ['readStream backwards, 1', () => store.readStream('assignment-17', { direction: 'backwards', maxCount: 1 })],
    ['readStreams', () => store.readStreams(['score-17', 'score-18'], { eventTypes: ['LeadScored'] })],
    ['readEvents (ids)', () => store.readEvents([randomUUID()])],
    ['readLog, all, from start', () => store.readLog({ after: LOG_START, maxCount: 100 })],
    ['readLog, all, near head', () => store.readLog({ after: nearHead, maxCount: 100 })],
    ['readLog, category only (Kafka relay), near head', () => store.readLog({ after: nearHead, categories: ['score'], maxCount: 100 })],
    ['readLog, category only (Kafka relay), from start', () => store.readLog({ after: LOG_START, categories: ['score'], maxCount: 100 })],
    [
      'readLog, category + type (subscription), near head',
      () => store.readLog({ after: nearHead, categories: ['score'], eventTypes: ['LeadScored'], maxCount: 100 }),
    ],
    [
      'readLog, category + type (subscription), from start',
      () => store.readLog({ after: LOG_START, categories: ['score'], eventTypes: ['LeadScored'], maxCount: 100 }),
    ],
    [
      'readLog, 2 categories + 2 types, near head',
      () =>
        store.readLog({ after: nearHead, categories: ['assignment', 'lead'], eventTypes: ['LeadAssigned', 'LeadCaptured'], maxCount: 100 }),
    ],
    [
      'readLog, rare category only (Kafka relay), from start',
      () => store.readLog({ after: LOG_START, categories: ['customer'], maxCount: 100 }),
    ],
    [
      'readLog, rare category + type, from start',
      () => store.readLog({ after: LOG_START, categories: ['customer'], eventTypes: ['CustomerCreated'], maxCount: 100 }),
    ],
    [
      'readLog, rare type in a large category, from start',
      () => store.readLog({ after: LOG_START, categories: ['assignment'], eventTypes: ['NoSuchType'], maxCount: 100 }),
    ],
    ['hasEventsAfter, category + type', () => store.hasEventsAfter(nearHead, { categories: ['score'], eventTypes: ['LeadScored'] })],
    ['hasEventsAfter, all', () => store.hasEventsAfter(nearHead)],
  ];
  console.log(`\n## ${name}: plans (${LEADS} leads, ${Math.floor(LEADS * 5.5)} events)`);
  for (const [label, run] of readers) {
    current = label;
    await run();
  }
  const journey = `select e.event_id::text as event_id from event_store.events e where e.lead_id = $1
                   order by e.transaction_id, e.global_position limit $2`;
  plans.push({
    label: 'journey by lead (lead-intake)',
    plan: (await db.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${journey}`, ['l17', 10000])).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n'),
  });
  const flow = `select lead_id, min(recorded_at) as recorded_at from event_store.events
                where lead_id = any($1::text[]) and event_type = 'LeadCaptured' group by lead_id`;
  plans.push({
    label: 'capture times by lead (lead-flow metrics)',
    plan: (await db.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${flow}`, [['l17', 'l18']])).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n'),
  });
  for (const p of plans) console.log(`\n### ${p.label}\n${p.plan}`);
}

async function appendCost(db: SqlDatabase, label: string): Promise<number> {
  const store = await PostgresEventStore.create(db, { migrate: false, groupCommit: false });
  const run = randomUUID().slice(0, 8);
  const cpu = process.cpuUsage();
  for (let i = 0; i < APPENDS; i++) {
    const lead = `x${run}${i % 100}`;
    await store.appendToStream(`score-${lead}`, [
      { type: 'LeadScored', data: { leadId: lead, n: i, note: 'x'.repeat(200) }, metadata: { leadId: lead, correlationId: lead } },
    ]);
  }
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000 / APPENDS;
  console.log(`  ${label.padEnd(40)} ${ms.toFixed(3)} ms CPU per append`);
  return ms;
}

async function main(): Promise<void> {
  const pglite = await createPgliteDatabase();
  await PostgresEventStore.create(pglite);
  await fillSyntheticLog(pglite, LEADS);
  await explainReaders(pglite, 'PGlite');

  const name = `ll_idx_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(ADMIN);
    url.pathname = `/${name}`;
    const pg = await createPgDatabase(url.toString());
    try {
      await PostgresEventStore.create(pg);
      await fillSyntheticLog(pg, LEADS);
      await explainReaders(pg, 'PostgreSQL');
    } finally {
      await pg.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }

  if (APPENDS > 0) {
    console.log(`\n## PGlite: ${APPENDS} single-event appends per round, ${ROUNDS} rounds alternated`);
    // Each variant: statements that make it from the migrated schema, and the ones that undo them.
    const before = [
      'create index events_category_log_idx on event_store.events (category, transaction_id, global_position)',
      'create index events_type_log_idx on event_store.events (event_type, transaction_id, global_position)',
    ];
    const variants: Array<[string, string[], string[]]> = [
      ['as migrated (5 indexes)', [], []],
      [
        'the 6 before (category + type, no filter index)',
        [...before, 'drop index event_store.events_filter_log_idx'],
        [
          'drop index event_store.events_category_log_idx, event_store.events_type_log_idx',
          'create index events_filter_log_idx on event_store.events (category, event_type, transaction_id, global_position)',
        ],
      ],
      [
        '4: no filter index at all',
        ['drop index event_store.events_filter_log_idx'],
        ['create index events_filter_log_idx on event_store.events (category, event_type, transaction_id, global_position)'],
      ],
    ];
    const totals = new Map<string, number[]>();
    await appendCost(pglite, 'warm-up (not counted)');
    for (let r = 0; r < ROUNDS; r++) {
      for (const [label, make, undo] of variants) {
        for (const sql of make) await pglite.query(sql);
        totals.set(label, [...(totals.get(label) ?? []), await appendCost(pglite, label)]);
        for (const sql of undo) await pglite.query(sql);
      }
    }
    for (const [label, ms] of totals) {
      const mean = ms.reduce((sum, m) => sum + m, 0) / ms.length;
      console.log(`  ${label.padEnd(40)} ${ms.map((m) => m.toFixed(3)).join(' / ')} ms (mean ${mean.toFixed(3)})`);
    }
  }
  await pglite.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
