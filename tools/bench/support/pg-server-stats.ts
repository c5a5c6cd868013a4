/**
 * What a benchmark can read of the PostgreSQL server it runs against, over a window: the server's CPU when it runs on
 * this machine (its processes readable in /proc), and the statements run in the bench's database and their execution
 * time when `pg_stat_statements` is loaded. Each figure is absent when it cannot be read, never guessed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux), as cpuSeconds in proc-stats assumes. */
const TICKS = 100;

/** A process's parent pid and its CPU ticks: its own (utime + stime) and its reaped children's (cutime + cstime). */
function procStat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/**
 * CPU seconds of the postmaster and its children so far: the postmaster's own and its reaped children's, and each
 * live child's own and its reaped children's. A backend that exits between two readings moves from the live sum into
 * the postmaster's reaped one whole, so a difference of two readings is the server's CPU between them.
 */
export function serverCpuSeconds(postmaster: number): number {
  const root = procStat(postmaster);
  if (!root) return NaN;
  let ticks = root.ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.ppid === postmaster) ticks += child.ticks;
  }
  return ticks / TICKS;
}

/**
 * The server's CPU seconds so far, read by the returned function, for the server of one's own running on `dataDir`:
 * its postmaster's pid is read once (the first line of its postmaster.pid). Without a data directory: NaN.
 */
export function serverCpuOfDataDir(dataDir: string | undefined): () => number {
  if (!dataDir) return () => NaN;
  const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0].trim());
  return () => serverCpuSeconds(postmaster);
}

/**
 * The postmaster's pid when the server runs on this machine: the parent of this session's backend
 * (`pg_backend_pid()`), when /proc shows that backend as a PostgreSQL backend of this database (its process title
 * `postgres: <user> <database> …`) and its parent as a postgres process. Otherwise (a remote or containerised server,
 * or another /proc) undefined.
 */
async function localPostmaster(db: Client): Promise<number | undefined> {
  const { rows } = await db.query<{ pid: number; datname: string }>('select pg_backend_pid() as pid, current_database() as datname');
  const { pid, datname } = rows[0];
  const backend = procStat(pid);
  if (!backend || !commandLine(pid).includes(` ${datname} `)) return undefined;
  return /postgres/.test(commandLine(backend.ppid)) ? backend.ppid : undefined;
}

/**
 * Whether pg_stat_statements can be read in the bench's database: loaded by the server (shared_preload_libraries),
 * its view created in this database (the bench's own, dropped at the end), and this session's own statements left
 * out of it (`pg_stat_statements.track = none` for the session: a superuser setting). Any of them refused: no.
 */
async function statementsReadable(db: Client): Promise<boolean> {
  try {
    const { rows } = await db.query<{ loaded: boolean }>(
      `select current_setting('shared_preload_libraries') ~ 'pg_stat_statements' as loaded`,
    );
    if (!rows[0].loaded) return false;
    await db.query('create extension if not exists pg_stat_statements');
    await db.query(`set pg_stat_statements.track = 'none'`);
    await db.query('select 1 from pg_stat_statements limit 1');
    return true;
  } catch {
    return false;
  }
}

/** A window's figures; each absent when it could not be read. */
export interface PgServerUse {
  /** CPU seconds of the server's processes (every database on it, autovacuum and the bench's own session included). */
  cpuSeconds?: number;
  /** Statements run in the bench's database (pg_stat_statements' calls: top-level, BEGIN/COMMIT when it tracks utility statements), the bench's own session left out. */
  statements?: number;
  /** Their execution time, ms (total_exec_time). */
  execMs?: number;
}

/** Reads the server's figures at `start()` and returns what was used until `stop()`. `db`: a session of the bench's own, on its database. */
export async function pgServerWindow(
  db: Client,
): Promise<{ readonly cpu: boolean; readonly statements: boolean; start(): Promise<() => Promise<PgServerUse>> }> {
  const postmaster = await localPostmaster(db);
  const statements = await statementsReadable(db);
  const read = async (): Promise<PgServerUse> => {
    const use: PgServerUse = {};
    if (postmaster !== undefined) use.cpuSeconds = serverCpuSeconds(postmaster);
    if (statements) {
      const { rows } = await db.query<{ calls: string; ms: number }>(
        `select coalesce(sum(calls), 0)::text as calls, coalesce(sum(total_exec_time), 0)::float8 as ms
           from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`,
      );
      use.statements = Number(rows[0].calls);
      use.execMs = rows[0].ms;
    }
    return use;
  };
  return {
    cpu: postmaster !== undefined,
    statements,
    async start() {
      const before = await read();
      return async () => {
        const after = await read();
        const used: PgServerUse = {};
        for (const key of ['cpuSeconds', 'statements', 'execMs'] as const) {
          const [b, a] = [before[key], after[key]];
          if (b !== undefined && a !== undefined && Number.isFinite(a - b)) used[key] = a - b;
        }
        return used;
      };
    },
  };
}
