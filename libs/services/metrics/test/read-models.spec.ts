import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { METRIC_SQL, conversion, inSchema } from '../src/read-models';
import { READ_MODELS } from '../src/read-models';
import { iso } from '../src/read-models/define-read-model';
import { atMin, first, foldRows, keep, key, last, latest, tableDdl, upsertSql, type FactTable } from '../src/read-models/fact-table';
import { foldSql, historyViewDdl, storageOf, type HistoryTable } from '../src/read-models/history-table';

const LEADISH: FactTable = {
  name: 'leadish',
  columns: [
    key('id'),
    keep('source'),
    first('seen_at'),
    last('last_at'),
    latest('moved_at', 'timestamptz'),
    latest('owner', 'text', 'moved_at'),
    latest('label'),
    atMin('first_by', 'seen_at'),
  ],
};
const EVENTS: FactTable = { name: 'evts', insertOnly: true, columns: [key('event_id'), keep('what')] };

describe('fact table merge rules', () => {
  it('folds a batch per key: first non-null, min, max, latest by marker, value at the min', () => {
    const rows = foldRows(LEADISH, [
      { id: 'a', source: null, seen_at: '2026-03-02T10:00:00.000Z', first_by: 'late', last_at: '2026-03-02T10:00:00.000Z' },
      {
        id: 'a',
        source: 'web',
        seen_at: '2026-03-02T09:00:00.000Z',
        first_by: 'early',
        moved_at: '2026-03-05T00:00:00.000Z',
        owner: 's1',
        label: 'x',
      },
      { id: 'b', source: 'list' },
      {
        id: 'a',
        source: 'list',
        seen_at: '2026-03-02T09:00:00.000Z',
        first_by: 'tie',
        moved_at: '2026-03-01T00:00:00.000Z',
        owner: null,
        last_at: '2026-03-01T00:00:00.000Z',
      },
      { id: 'a', label: null, owner: 'ignored without its marker' },
    ]);
    expect(rows).toEqual([
      // The marker decides `owner` in log order (a later event with an earlier time still wins); a tie keeps the first `first_by`.
      {
        id: 'a',
        source: 'web',
        seen_at: '2026-03-02T09:00:00.000Z',
        first_by: 'early',
        last_at: '2026-03-02T10:00:00.000Z',
        moved_at: '2026-03-01T00:00:00.000Z',
        owner: null,
        label: 'x',
      },
      { id: 'b', source: 'list' },
    ]);
  });

  it('keeps the first row of a per-event table', () => {
    expect(
      foldRows(EVENTS, [
        { event_id: 'e1', what: 'first' },
        { event_id: 'e1', what: 'again' },
      ]),
    ).toEqual([{ event_id: 'e1', what: 'first' }]);
  });

  it('writes the same rules in SQL', () => {
    const sql = upsertSql('metrics_v1', LEADISH);
    expect(sql).toContain('FROM json_to_recordset($1::json) AS r(id text, source text, seen_at timestamptz');
    expect(sql).toContain('ON CONFLICT (id) DO UPDATE SET');
    expect(sql).toContain('source = COALESCE(t.source, EXCLUDED.source)');
    expect(sql).toContain('seen_at = LEAST(t.seen_at, EXCLUDED.seen_at)');
    expect(sql).toContain('last_at = GREATEST(t.last_at, EXCLUDED.last_at)');
    expect(sql).toContain('moved_at = COALESCE(EXCLUDED.moved_at, t.moved_at)');
    expect(sql).toContain('owner = CASE WHEN EXCLUDED.moved_at IS NULL THEN t.owner ELSE EXCLUDED.owner END');
    expect(sql).toContain(
      'first_by = CASE WHEN EXCLUDED.seen_at IS NOT NULL AND (t.seen_at IS NULL OR EXCLUDED.seen_at < t.seen_at) THEN EXCLUDED.first_by ELSE t.first_by END',
    );
    expect(upsertSql('metrics_v1', EVENTS)).toBe(
      'INSERT INTO metrics_v1.evts (event_id, what) SELECT event_id, what FROM json_to_recordset($1::json) AS r(event_id text, what text) ' +
        'WHERE NOT EXISTS (SELECT 1 FROM metrics_v1.evts t WHERE t.event_id = r.event_id)',
    );
  });

  it('creates each table in the version schema with its key', () => {
    expect(tableDdl('metrics_v2', EVENTS)).toEqual([
      'CREATE TABLE IF NOT EXISTS metrics_v2.evts (event_id text NOT NULL, what text, PRIMARY KEY (event_id))',
    ]);
    expect(tableDdl('metrics_v2', LEADISH)[0]).toMatch(
      /^CREATE TABLE IF NOT EXISTS metrics_v2\.leadish \(.*PRIMARY KEY \(id\)\) WITH \(fillfactor = 70\)$/,
    );
  });

  it('normalises domain times to UTC ISO strings', () => {
    expect(iso('2026-03-02T12:00:00+01:00')).toBe('2026-03-02T11:00:00.000Z');
    expect(iso('2026-03-02T11:00:00Z')).toBe('2026-03-02T11:00:00.000Z');
    expect(iso('2026-03-02T11:00:00.000Z')).toBe('2026-03-02T11:00:00.000Z');
    expect(iso(null)).toBeNull();
    expect(iso('not a date')).toBeNull();
  });
});

describe('history tables (bitemporal)', () => {
  const HISTORY: HistoryTable = {
    name: 'thing_facts',
    view: 'things',
    keys: ['thing_id'],
    columns: [
      first('seen_at'),
      atMin('seen_by', 'seen_at'),
      latest('moved_at', 'timestamptz'),
      latest('owner', 'text', 'moved_at'),
      keep('label'),
    ],
  };

  it('store one row per event and entity, with the business time and when the store recorded it', () => {
    expect(tableDdl('metrics_v1', storageOf(HISTORY))[0]).toBe(
      'CREATE TABLE IF NOT EXISTS metrics_v1.thing_facts (log_position bigint NOT NULL, thing_id text NOT NULL, event_id text, event text, ' +
        'at timestamptz, recorded_at timestamptz, seen_at timestamptz, seen_by text, moved_at timestamptz, owner text, label text, ' +
        'PRIMARY KEY (log_position, thing_id))',
    );
  });

  it('fold an entity with the merge rules, latest by business time, over the rows that happened by T and were recorded by K', () => {
    expect(foldSql(HISTORY, { bounds: { asOf: '$1', knownAt: '$2' } })).toBe(
      [
        'SELECT f.thing_id,',
        '       min(f.seen_at) AS seen_at,',
        '       (array_agg(f.seen_by ORDER BY f.seen_at, f.log_position) FILTER (WHERE f.seen_at IS NOT NULL))[1] AS seen_by,',
        '       (array_agg(f.moved_at ORDER BY f.moved_at DESC, f.log_position DESC) FILTER (WHERE f.moved_at IS NOT NULL))[1] AS moved_at,',
        '       (array_agg(f.owner ORDER BY f.moved_at DESC, f.log_position DESC) FILTER (WHERE f.moved_at IS NOT NULL))[1] AS owner,',
        '       (array_agg(f.label ORDER BY f.log_position) FILTER (WHERE f.label IS NOT NULL))[1] AS label',
        'FROM metrics.thing_facts f',
        'WHERE (f.at IS NULL OR f.at <= $1::timestamptz) AND ($2::timestamptz IS NULL OR f.recorded_at <= $2::timestamptz)',
        'GROUP BY f.thing_id',
      ].join('\n'),
    );
    expect(historyViewDdl('metrics_v4', HISTORY)).toMatch(
      /^CREATE OR REPLACE VIEW metrics_v4\.things AS\nSELECT f\.thing_id,[\s\S]*FROM metrics_v4\.thing_facts f\nGROUP BY f\.thing_id$/,
    );
    expect(() => foldSql(HISTORY, { columns: ['colour'] })).toThrow('thing_facts has no colour');
  });
});

describe('the read models', () => {
  const tables = READ_MODELS.flatMap((m) => m.tables);

  it('have unique names and unique table names (each becomes a view metrics.<table>)', () => {
    expect(new Set(READ_MODELS.map((m) => m.name)).size).toBe(READ_MODELS.length);
    expect(new Set(tables).size).toBe(tables.length);
  });

  it('create every table and view they own, and read each event type once', () => {
    for (const model of READ_MODELS) {
      const ddl = model.ddl('metrics_v9').join('\n');
      for (const table of model.tables) {
        const view = model.views?.includes(table) ?? false;
        expect(ddl).toContain(view ? `CREATE OR REPLACE VIEW metrics_v9.${table} AS` : `CREATE TABLE IF NOT EXISTS metrics_v9.${table} (`);
      }
      expect(new Set(model.eventTypes).size).toBe(model.eventTypes.length);
    }
  });
});

describe('metric SQL', () => {
  const tables = READ_MODELS.flatMap((m) => m.tables);

  it('read metrics.<table> by default and another schema when asked', () => {
    expect(inSchema('SELECT * FROM metrics.leads l JOIN metrics.activities a ON true')).toBe(
      'SELECT * FROM metrics.leads l JOIN metrics.activities a ON true',
    );
    expect(inSchema('SELECT * FROM metrics.leads l JOIN metrics.activities a ON true', 'metrics_v3')).toBe(
      'SELECT * FROM metrics_v3.leads l JOIN metrics_v3.activities a ON true',
    );
    expect(() => inSchema('SELECT 1', 'metrics; DROP TABLE x')).toThrow('not a schema name');
  });

  it('read only tables the read models create', () => {
    for (const [name, sql] of Object.entries(METRIC_SQL)) {
      const read = [...sql.matchAll(/\bmetrics\.([a-z_]+)/g)].map((m) => m[1]);
      expect({ name, unknown: read.filter((t) => !tables.includes(t)) }).toEqual({ name, unknown: [] });
    }
  });

  it('convert between any two funnel stages', () => {
    const row = { captured: 10, contacted: 8, qualified: 4, appointment: 3, opportunity: 2, won: 1 };
    expect(conversion(row, 'qualified', 'won')).toBe(0.25);
    expect(conversion({ ...row, qualified: 0 }, 'qualified', 'won')).toBeNull();
  });
});

describe('docs/metrics.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/metrics.md'), 'utf8');
  const tables = READ_MODELS.flatMap((m) => m.tables);

  it.each(Object.entries(METRIC_SQL))('quotes the SQL of %s verbatim', (_name, sql) => {
    expect(doc).toContain(`\`\`\`sql\n${sql}\n\`\`\``);
  });

  it.each(tables)('describes the table %s', (table) => {
    expect(doc).toContain(`\`metrics.${table}\``);
  });

  it('names the file of every metric, and only files that exist', () => {
    const root = join(__dirname, '../src');
    const metricFiles = readdirSync(join(root, 'read-models'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.metric.ts'))
      .map((file) => relative(root, join(root, 'read-models', file)));
    expect(metricFiles.length).toBeGreaterThan(10);
    for (const file of metricFiles) expect(doc).toContain(`\`${file}\``);
    for (const [, named] of doc.matchAll(/`(read-models\/[^`]+\.ts)`/g))
      expect({ named, exists: existsSync(join(root, named)) }).toEqual({ named, exists: true });
  });
});
