import type { SqlDatabase, SqlExecutor } from '../src';

/**
 * Fills a migrated store's log in a few statements with the line's shape: per lead a capture, an enrichment, a
 * score, an assignment and its SLA timer (on `lead-`, `enrichment-`, `score-`, `assignment-` streams, with the
 * lead id), then roster events of no lead (one per two leads) and a rare category, `customer` (one per 250 leads);
 * analyses the tables so the planner sees it (unless `analyze` is false: a new database's log before autovacuum's first
 * look). What plans are asserted on and the index experiment measures.
 */
export async function fillSyntheticLog(db: SqlExecutor, leads: number, options: { readonly analyze?: boolean } = {}): Promise<void> {
  const perLead = [
    ['lead', 'LeadCaptured', 1],
    ['enrichment', 'LeadEnriched', 1],
    ['score', 'LeadScored', 1],
    ['assignment', 'LeadAssigned', 1],
    ['assignment', 'SlaTimerScheduled', 2],
  ] as const;
  for (const [category, type, version] of perLead) {
    await db.query(
      `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id, correlation_id)
       select gen_random_uuid(), $1 || '-' || g, $3::int, $1, $2, jsonb_build_object('leadId', 'l' || g, 'note', repeat('x', 200)),
              '{"schemaVersion":1}'::jsonb, 'l' || g, 'c' || g
       from generate_series(1, $4::int) g`,
      [category, type, version, leads],
    );
  }
  await db.query(
    `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata)
     select gen_random_uuid(), 'roster-' || g, 1, 'roster', 'SdrShiftChanged', '{}'::jsonb, '{"schemaVersion":1}'::jsonb
     from generate_series(1, $1::int) g`,
    [Math.ceil(leads / 2)],
  );
  await db.query(
    `insert into event_store.events (event_id, stream_id, stream_version, category, event_type, data, metadata, lead_id)
     select gen_random_uuid(), 'customer-' || g, 1, 'customer', 'CustomerCreated', '{}'::jsonb, '{"schemaVersion":1}'::jsonb, 'l' || g
     from generate_series(1, $1::int) g`,
    [Math.ceil(leads / 250)],
  );
  await db.query(`insert into event_store.streams (stream_id, category, version)
                  select stream_id, min(category), max(stream_version) from event_store.events group by stream_id
                  on conflict (stream_id) do update set version = excluded.version`);
  if (options.analyze === false) return;
  await db.query('analyze event_store.events');
  await db.query('analyze event_store.streams');
}

/** A statement on the events table and the plan PostgreSQL chose for it. */
export interface ExplainedRead {
  readonly sql: string;
  readonly plan: string;
}

/**
 * The same database, explaining (`explain (costs off)`, same parameters) each read of event_store.events before
 * running it: a store opened on it shows the plans of the store's own SQL.
 */
export function explainingReads(db: SqlDatabase, onPlan: (read: ExplainedRead) => void): SqlDatabase {
  const query = async (text: string, params?: readonly unknown[]) => {
    if (/^\s*(select|with)/i.test(text) && /event_store\.events/.test(text) && !/insert into/i.test(text)) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${text}`, params);
      onPlan({ sql: text, plan: rows.map((row) => row['QUERY PLAN']).join('\n') });
    }
    return db.query(text, params);
  };
  return { ...db, query: query as SqlDatabase['query'] };
}
