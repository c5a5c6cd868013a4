import { runOffTheLine } from './line-first';

/** One table's counters, as the pass reads them from pg_stat_user_tables and pg_class. */
export interface TableActivity {
  readonly schema: string;
  readonly table: string;
  /** pg_class.reltuples: the rows the last vacuum or analyze counted; -1 before either ran. */
  readonly reltuples: number;
  readonly liveRows: number;
  readonly deadRows: number;
  readonly modifiedSinceAnalyze: number;
}

export interface MaintenanceOptions {
  /** Between passes (each a look at the tables' counters; a vacuum or analyze only where one is due). */
  readonly intervalMs: number;
}

const DEFAULTS: MaintenanceOptions = { intervalMs: 30_000 };

/**
 * What PostgreSQL's autovacuum would do to a table now, with its default thresholds: vacuum (and analyze) when its
 * dead rows exceed 50 + 20 % of its rows (`autovacuum_vacuum_threshold`, `_scale_factor`), analyze when the rows
 * written since the last analyze exceed 50 + 10 % (`autovacuum_analyze_threshold`, `_scale_factor`). A table with
 * rows that was never analyzed (reltuples -1: a store made before this pass ran, whose counters were reset) is
 * analyzed once.
 */
export function dueWork(table: TableActivity): 'vacuum' | 'analyze' | undefined {
  const rows = Math.max(0, table.reltuples);
  if (table.deadRows > 50 + 0.2 * rows) return 'vacuum';
  if (table.modifiedSinceAnalyze > 50 + 0.1 * rows) return 'analyze';
  if (table.reltuples < 0 && table.liveRows > 0) return 'analyze';
  return undefined;
}

/**
 * An analyze with a sample of 3,000 rows (statistics target 10) instead of PostgreSQL's 30,000 (100): the plans
 * here need a table's size and its columns' rough spread, not fine histograms, and an analyze of a 150,000-row
 * event log at the default target held the one connection for ~0.7 ms per lead over a 30,000-row bulk list. One
 * transaction: `set local` ends with it.
 */
const ANALYZE = (table: string) => `begin; set local default_statistics_target = 10; analyze ${table}; commit`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The autovacuum PGlite does not run. PGlite is PostgreSQL in single-user mode: no autovacuum launcher, so its
 * tables are never analyzed and never vacuumed. Two things then grow with the store: a named statement's generic
 * plan (PreparedStatements), made while a table was small, is kept as it grows (a cached plan is only re-made when
 * a table it reads is analyzed, vacuumed or altered), so an anti-join that hashed a seq scan of 20 rows seq-scans
 * 100,000 on every batch; and rows updated again and again (holds, overview rows, list leads) leave dead versions
 * that every scan of them wades through. Every `intervalMs`, off the line (runOffTheLine: the line's statements
 * go first on the one connection), one look at pg_stat_user_tables, then a vacuum and analyze, or an analyze, of each
 * table due by autovacuum's default thresholds (dueWork), one table a turn. An analyze re-plans the statements
 * that read the table. Nothing is vacuumed for inserts alone (autovacuum's insert threshold): on an event log
 * that is a vacuum of its biggest table every 20 % of growth, holding the one connection for it.
 */
export class PgliteMaintenance {
  private timer?: NodeJS.Timeout;
  private pass: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly options: MaintenanceOptions;

  /**
   * `look`: the tables' counters; `run`: one simple query of maintenance statements (a VACUUM runs in no
   * transaction block), each taking its turn on the connection as any other statement does.
   */
  constructor(
    private readonly look: () => Promise<TableActivity[]>,
    private readonly run: (sql: string) => Promise<unknown>,
    options: Partial<MaintenanceOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.schedule();
  }

  /** Stops the passes; resolves when the one under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass now: what it vacuumed (and analyzed) or analyzed, as `vacuum schema.table` / `analyze schema.table`. */
  async runOnce(): Promise<string[]> {
    const done: string[] = [];
    const tables = await this.look();
    for (const table of tables) {
      if (this.stopped) break;
      const work = dueWork(table);
      if (!work) continue;
      const name = `${quote(table.schema)}.${quote(table.table)}`;
      if (work === 'vacuum') await this.run(`vacuum ${name}`);
      await this.run(ANALYZE(name));
      done.push(`${work} ${table.schema}.${table.table}`);
    }
    return done;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = runOffTheLine(() => this.runOnce()).then(
        () => this.schedule(),
        // A table dropped between the look and its turn, a closed database: the next pass looks again.
        () => this.schedule(),
      );
    }, this.options.intervalMs);
    this.timer.unref();
  }
}

/** The counters of every user table, for PgliteMaintenance's look. */
export const TABLE_ACTIVITY_SQL = `select s.schemaname as schema, s.relname as table, c.reltuples::float8 as reltuples,
    s.n_live_tup::float8 as live_rows, s.n_dead_tup::float8 as dead_rows, s.n_mod_since_analyze::float8 as modified_since_analyze
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  order by s.schemaname, s.relname`;

export interface TableActivityRow {
  schema: string;
  table: string;
  reltuples: number;
  live_rows: number;
  dead_rows: number;
  modified_since_analyze: number;
}

export const toTableActivity = (row: TableActivityRow): TableActivity => ({
  schema: row.schema,
  table: row.table,
  reltuples: Number(row.reltuples),
  liveRows: Number(row.live_rows),
  deadRows: Number(row.dead_rows),
  modifiedSinceAnalyze: Number(row.modified_since_analyze),
});
