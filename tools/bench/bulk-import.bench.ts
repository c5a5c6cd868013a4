/**
 * The bulk import benchmark: a vendor's list of N rows through `POST /lists` (the import-leads CLI's client),
 * imported, enriched, scored and routed end to end, embedded (`npm start`, PGlite) or distributed (lead-intake,
 * enrichment, scoring, routing and appointments as processes over Kafka and PostgreSQL).
 *
 *   npm run bench:bulk -- [--mode embedded|distributed] [--rows 10000] [--release-every 1500]
 *
 *   --mode M              embedded (default) or distributed
 *   --rows N              rows of the bulk list (default 10,000), distinct people and companies, all valid
 *   --release-every K     accepted leads per vendor list handed to appointments while the import runs (default 1,500,
 *                         the most one POST /vendors/{id}/lists names; 0: after the import, in lists of 1,500); see
 *                         "The vendor" below
 *   --sample S            rows of the vendor's first list, the sample it is approved on (default 20)
 *   --sdrs K              outbound SDRs registered (default 20, 24/7, 10,000 a week each: a purchased list's leads are
 *                         outbound ones)
 *   --drain-timeout-s S   how long to wait after the import for every lead to be routed (default 1800)
 *   --poll-s S            seconds between progress lines (default 15)
 *   --cpu-prof DIR        run the platform (embedded) or each service under `node --cpu-prof`: DIR/<name>.cpuprofile
 *   --compiled            embedded: run what `npm start` runs (the compiled build through tools/start-platform.sh and
 *                         its PLATFORM_NODE_FLAGS); default: the TypeScript sources through tools/register.cjs
 *   --broker HOST:PORT    distributed: Kafka bootstrap (default: start or reuse tools/kafka/local-kafka.sh)
 *   --database-url URL    distributed: admin connection (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 *                         database ll_bench_bulk_<rand> is created and dropped at the end
 *   BENCH_SQL_TALLY=1     embedded: also the statements PGlite executed per row over the measurement (the whole line)
 *
 * The vendor, as the product requires (libs/services/appointments/PIPELINE.md): its first list (the sample) is
 * imported, handed to appointments (`POST /vendors/{id}/lists`) and the vendor decided (`POST /vendors/{id}/decide`:
 * the first vendor, with no history, is approved); its sample leads are routed before the measurement starts (the
 * warm-up). Routing holds a vendor's lead until appointments released its list, and a list exists only once its
 * leads were captured, so the bulk list's accepted leads are handed over in lists of `--release-every` while the
 * import streams (an approved vendor's lists are released whole).
 *
 * Figures, from the event store (one clock, the database's): per stage (imported = LeadCaptured, enriched, scored,
 * routed = LeadAssigned, or sent to the recycle pool with its reason), the leads that reached it, when the last did,
 * and rows/s = leads / (last − import start); the import's own HTTP time; total wall time = import start → last lead
 * routed. CPU seconds and ms per row per process, RSS end / peak, committed transactions per row (PGlite's counted
 * in the platform process; pg_stat_database's xact_commit distributed), and the 1-minute load average.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { generateApiKey } from '@leadline/platform';
import { importList } from '../import-leads/import-list.client';
import { rosterSdr } from './support/lead-fixtures';
import {
  benchLogger,
  cleanUpOnSignals,
  cleanup,
  committedTransactions,
  costsBetween,
  createBenchDatabase,
  deleteTopicsAtCleanup,
  embeddedSql,
  embeddedStats,
  onCleanup,
  resolveBroker,
  runBench,
  ROOT,
  sleep,
  startEmbedded,
  startServices,
  type EmbeddedStats,
  type RunningService,
} from './support/bench-infra';
import { cpuSeconds, f1, f2, loadAverage, machineJiffies, parseFlags, rssMiB } from './support/proc-stats';
import { LOG_HORIZON } from '../../libs/event-store/src/postgres/log-horizon';

const log = benchLogger('bench:bulk');
const ADMIN_KEY = generateApiKey().key;
const VENDOR = 'bench-vendor';
/** The most leads one `POST /vendors/{id}/lists` names (appointments' ReceiveListDto, `MAX_LIST_LEADS`). */
const MAX_LIST_LEADS = 1_500;
const STAGES = [
  ['imported', 'LeadCaptured'],
  ['enriched', 'LeadEnriched'],
  ['scored', 'LeadScored'],
  ['routed', 'LeadAssigned'],
  ['recycled', 'LeadSentToRecyclePool'],
] as const;
type Stage = (typeof STAGES)[number][0];

interface Config {
  mode: 'embedded' | 'distributed';
  rows: number;
  releaseEvery: number;
  sample: number;
  sdrs: number;
  drainTimeoutS: number;
  pollS: number;
  broker?: string;
  adminUrl: string;
  cpuProf?: string;
  /** Embedded: the compiled build through npm start's launcher (its node flags) instead of the sources through SWC. */
  compiled: boolean;
}

function readConfig(flags: Map<string, string>): Config {
  const num = (flag: string, fallback: number): number => {
    const value = Number((flags.get(flag) ?? String(fallback)).replace(/_/g, ''));
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${flag}: expected a whole number, got ${flags.get(flag)}`);
    return value;
  };
  const mode = flags.get('mode') ?? 'embedded';
  if (mode !== 'embedded' && mode !== 'distributed') throw new Error(`--mode: embedded or distributed, got ${mode}`);
  return {
    mode,
    rows: num('rows', 10_000),
    releaseEvery: num('release-every', MAX_LIST_LEADS),
    sample: Math.max(1, num('sample', 20)),
    sdrs: Math.max(1, num('sdrs', 20)),
    drainTimeoutS: num('drain-timeout-s', 1800),
    pollS: Math.max(1, num('poll-s', 15)),
    broker: flags.get('broker'),
    cpuProf: flags.get('cpu-prof'),
    compiled: flags.has('compiled'),
    adminUrl: flags.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

// ---------------------------------------------------------------------------------------------
// The list

const HEADER = 'First Name,Last Name,Email,Phone,Job Title,Company,Website,Country';
const TITLES = ['VP Sales', 'Head of Revenue Operations', 'Sales Director', 'CTO', 'Account Executive'];

/** Row n of a list: a distinct person, phone and company domain per (prefix, n); deterministic. */
function csvRow(prefix: string, n: number): string {
  const domain = `${prefix}co${n}.com`;
  const phone = `+1 415 ${200 + Math.floor(n / 10_000)} ${String(n % 10_000).padStart(4, '0')}`;
  return [
    'Pat',
    `Listed${n}`,
    `pat.${n}@${domain}`,
    phone,
    TITLES[n % TITLES.length],
    `${prefix} Company ${n} Inc`,
    `https://www.${domain}`,
    'US',
  ].join(',');
}

const INDUSTRIES = ['Software', 'SaaS', 'Financial Services', 'Manufacturing', 'Retail', 'Healthcare', 'Education'];

/** The company directory's row for the company of row n: sizes, revenues and industries spread over the ICP's bands. */
function companyRow(prefix: string, n: number): string {
  const headcount = [8, 40, 120, 600, 2500][n % 5];
  return [
    `${prefix}co${n}.com`,
    `${prefix} Company ${n} Inc`,
    headcount,
    headcount * 90_000,
    INDUSTRIES[n % INDUSTRIES.length],
    'Salesforce;AWS',
  ].join(',');
}

/** The directory of every company of the lists (enrichment's CSV import, run before the platform starts). */
function writeCompanies(dir: string, lists: ReadonlyArray<readonly [prefix: string, from: number, rows: number]>): string {
  const file = join(dir, 'companies.csv');
  const lines = ['domain,name,headcount,annual_revenue,industry,technologies'];
  for (const [prefix, from, rows] of lists) for (let n = from; n < from + rows; n++) lines.push(companyRow(prefix, n));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A CSV file of `rows` rows; phones start at `from` so two lists of one run never share one. */
function writeList(dir: string, prefix: string, from: number, rows: number): string {
  const file = join(dir, `${prefix}.csv`);
  const lines = [HEADER];
  for (let n = from; n < from + rows; n++) lines.push(csvRow(prefix, n));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// The platform, either way

interface Platform {
  /** Base URL of the service that serves this route. */
  url(service: 'lead-intake' | 'routing' | 'appointments'): string;
  processes: RunningService[];
  sql<Row>(text: string, params?: unknown[]): Promise<Row[]>;
  commits(): Promise<number>;
  /** Embedded: what PGlite committed and (BENCH_SQL_TALLY=1) executed so far. */
  stats?(): Promise<EmbeddedStats>;
}

/** Enrichment's company directory import (tools/import-companies) into the platform's database, before it starts. */
async function importCompanyDirectory(file: string, env: Record<string, string>): Promise<void> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', join(ROOT, 'tools', 'register.cjs'), join(ROOT, 'tools', 'import-companies', 'import-companies.ts'), file],
    { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
  );
  log(`company directory: ${stdout.trim()} in ${f1((performance.now() - started) / 1000)} s`);
}

async function startPlatform(config: Config, dataDir: string, companies: string): Promise<Platform> {
  const common = { AUTH_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', INTAKE_RATE_LIMIT: '0', PROMETHEUS_PORT: '0' };
  if (config.mode === 'embedded') {
    await importCompanyDirectory(companies, { DATA_DIR: dataDir });
    const platform = await startEmbedded(
      { ...common, DATA_DIR: dataDir, DEMO_ORG: 'false' },
      log,
      config.cpuProf,
      config.compiled ? 'compiled' : 'transpiled',
    );
    const base = `http://127.0.0.1:${platform.port}`;
    return {
      url: () => base,
      processes: [platform],
      sql: (text, params) => embeddedSql(platform.child, text, params),
      commits: async () => (await embeddedStats(platform.child)).commits,
      stats: () => embeddedStats(platform.child),
    };
  }
  const broker = await resolveBroker(config.broker);
  const prefix = `ll-bench-bulk-${randomBytes(3).toString('hex')}.`;
  deleteTopicsAtCleanup(broker, prefix, log);
  const database = await createBenchDatabase(config.adminUrl, 'll_bench_bulk');
  log(`Kafka ${broker}, topics ${prefix}*, database ${database.name}`);
  await importCompanyDirectory(companies, { DATABASE_URL: database.url });
  const services = await startServices(
    ['lead-intake', 'enrichment', 'scoring', 'routing', 'appointments'],
    { ...common, DATABASE_URL: database.url, KAFKA_BROKERS: broker, KAFKA_TOPIC_PREFIX: prefix },
    log,
    config.cpuProf,
  );
  const db = new Client({ connectionString: database.url });
  await db.connect();
  onCleanup('close the bench connection', () => db.end());
  const port = (name: string) => services.find((s) => s.name === name)?.port;
  return {
    url: (service) => `http://127.0.0.1:${port(service)}`,
    processes: services,
    sql: async (text, params) => (await db.query(text, params)).rows,
    commits: () => committedTransactions(db),
  };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * What each process's Kafka consumers sent to their dead-letter topics since they started (`GET /status`), as
 * `group count`; empty embedded (no consumer groups). A lead that never arrives may be there.
 */
async function deadLettered(platform: Platform): Promise<string[]> {
  const found: string[] = [];
  for (const service of platform.processes) {
    const response = await fetch(`http://127.0.0.1:${service.port}/status`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } }).catch(
      () => undefined,
    );
    if (!response?.ok) continue;
    const status = (await response.json()) as { consumerGroups?: { groupId: string; deadLettered: number }[] };
    for (const group of status.consumerGroups ?? []) if (group.deadLettered > 0) found.push(`${group.groupId} ${group.deadLettered}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Import and progress

interface ImportRun {
  accepted: string[];
  duplicate: number;
  invalid: Map<string, number>;
  error?: string;
  seconds: number;
  lists: number;
  /** When an upload was cut off and posted again. */
  cutOff: string[];
}

/**
 * Posts the list through the CLI's client; hands each `releaseEvery` accepted leads to appointments as one vendor
 * list. An upload cut off (Node's server ends a request whose body is still arriving after its `requestTimeout`,
 * 300 s by default) is re-posted whole, as the CLI tells its user to: the rows imported already are answered
 * from their keys, the rest imported.
 */
async function runImport(platform: Platform, file: string, listId: string, releaseEvery: number): Promise<ImportRun> {
  const started = performance.now();
  const accepted = new Map<number, string>();
  const seen = new Set<number>();
  const invalid = new Map<string, number>();
  const cutOff: string[] = [];
  let duplicate = 0;
  let error: string | undefined;
  let pending: string[] = [];
  let lists = 0;
  const releases: Promise<unknown>[] = [];
  const release = () => {
    for (let from = 0; from < pending.length; from += MAX_LIST_LEADS) {
      const leadIds = pending.slice(from, from + MAX_LIST_LEADS);
      lists++;
      const id = `${listId}-${lists}`;
      // One list after another (each appends to the vendor's stream), never holding the import back.
      const previous = releases.at(-1) ?? Promise.resolve();
      const next = previous.then(() => post(`${platform.url('appointments')}/vendors/${VENDOR}/lists`, { listId: id, leadIds }));
      next.catch(() => undefined); // awaited (and thrown) after the import; not an unhandled rejection meanwhile
      releases.push(next);
    }
    pending = [];
  };
  for (let attempt = 0; ; attempt++) {
    try {
      for await (const line of importList({ file, vendorId: VENDOR, listId, url: platform.url('lead-intake'), apiKey: ADMIN_KEY })) {
        if (line.type === 'error') error = line.message;
        if (line.type !== 'row' || line.row === undefined || seen.has(line.row)) continue;
        seen.add(line.row);
        if (line.outcome === 'accepted' && line.leadId) {
          accepted.set(line.row, line.leadId);
          pending.push(line.leadId);
          if (releaseEvery > 0 && pending.length >= releaseEvery) release();
        } else if (line.outcome === 'duplicate') duplicate++;
        else invalid.set(line.reason ?? '?', (invalid.get(line.reason ?? '?') ?? 0) + 1);
      }
      break;
    } catch (failure) {
      if (attempt >= 20) throw failure;
      cutOff.push(`${f1((performance.now() - started) / 1000)} s (${seen.size} rows answered)`);
      log(`  the upload was cut off after ${cutOff.at(-1)}: ${(failure as Error).message}; posting the list again`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  release();
  await Promise.all(releases);
  return { accepted: [...accepted.values()], duplicate, invalid, error, seconds, lists, cutOff };
}

interface StageCount {
  leads: number;
  /** Epoch ms of the last lead's event, NaN when none. */
  last: number;
}

/** Leads per stage whose event was recorded at or after `since` (epoch ms, the database's clock). */
async function stageCounts(platform: Platform, since: number): Promise<Record<Stage, StageCount>> {
  const rows = await platform.sql<{ event_type: string; leads: number; last: number | null }>(
    `select event_type, count(distinct lead_id)::int as leads, extract(epoch from max(recorded_at)) * 1000 as last
       from event_store.events
      where recorded_at >= to_timestamp($1::double precision / 1000) and event_type = any($2::text[])
      group by event_type`,
    [since, STAGES.map(([, type]) => type)],
  );
  const byType = new Map(rows.map((r) => [r.event_type, r]));
  return Object.fromEntries(
    STAGES.map(([stage, type]) => {
      const row = byType.get(type);
      return [stage, { leads: row?.leads ?? 0, last: row?.last === null || row?.last === undefined ? NaN : Number(row.last) }];
    }),
  ) as Record<Stage, StageCount>;
}

/**
 * Leads per stage since `since`, counted as the events come: each look reads only the stage events appended
 * after the last one it read, in log order and below the store's log horizon (LOG_HORIZON: no event below it can
 * still commit), so none is passed over. The progress and drain loops use it; the report uses
 * `stageCounts` once. Those loops used to run `stageCounts` itself (every 2 s while routing drained): a scan of
 * every event since the start that grew with the list and, embedded, ran on the platform's one PGlite
 * connection between the line's own statements.
 */
class StageTracker {
  private tx = '0';
  private pos = '0';
  private readonly leads = new Map<string, Set<string>>(STAGES.map(([, type]) => [type, new Set<string>()]));
  private readonly last = new Map<string, number>();
  /** The progress and drain loops may look at once: one look at a time. */
  private looking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly platform: Platform,
    private readonly since: number,
  ) {}

  look(): Promise<Record<Stage, StageCount>> {
    const next = this.looking.then(() => this.read());
    this.looking = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<Stage, StageCount>> {
    const page = 20_000;
    for (;;) {
      const rows = await this.platform.sql<{ event_type: string; lead_id: string | null; at: string; tx: string; pos: string }>(
        `select event_type, lead_id, extract(epoch from recorded_at) * 1000 as at, transaction_id::text as tx, global_position::text as pos
           from event_store.events
          where (transaction_id, global_position) > ($1::xid8, $2::bigint)
            and transaction_id < ${LOG_HORIZON}
          order by transaction_id, global_position
          limit ${page}`,
        [this.tx, this.pos],
      );
      for (const row of rows) {
        const leads = this.leads.get(row.event_type);
        const at = Number(row.at);
        if (!leads || row.lead_id === null || at < this.since) continue;
        leads.add(row.lead_id);
        this.last.set(row.event_type, Math.max(this.last.get(row.event_type) ?? at, at));
      }
      if (rows.length > 0) ({ tx: this.tx, pos: this.pos } = rows[rows.length - 1]);
      if (rows.length < page) break;
    }
    return Object.fromEntries(
      STAGES.map(([stage, type]) => [stage, { leads: this.leads.get(type)?.size ?? 0, last: this.last.get(type) ?? NaN }]),
    ) as Record<Stage, StageCount>;
  }
}

/**
 * pg_stat_user_tables' and pg_statio_user_tables' counters by table (BENCH_SQL_TALLY=1): rows read by sequential
 * and index scans, buffer pages touched (table, indexes, TOAST), dead rows.
 */
type TableStats = Map<string, { seqRead: number; seqScans: number; idxFetch: number; pages: number; dead: number; live: number }>;

async function tableStats(platform: Platform): Promise<TableStats> {
  const rows = await platform.sql<
    Record<'t' | 'seq_scan' | 'seq_tup_read' | 'idx_tup_fetch' | 'pages' | 'n_dead_tup' | 'n_live_tup', string>
  >(
    `select s.schemaname || '.' || s.relname as t, s.seq_scan, s.seq_tup_read, coalesce(s.idx_tup_fetch, 0) as idx_tup_fetch,
            s.n_dead_tup, s.n_live_tup,
            coalesce(io.heap_blks_read, 0) + coalesce(io.heap_blks_hit, 0) + coalesce(io.idx_blks_read, 0) + coalesce(io.idx_blks_hit, 0)
              + coalesce(io.toast_blks_read, 0) + coalesce(io.toast_blks_hit, 0) + coalesce(io.tidx_blks_read, 0) + coalesce(io.tidx_blks_hit, 0) as pages
       from pg_stat_user_tables s join pg_statio_user_tables io using (relid)
     union all
     select 'index ' || schemaname || '.' || indexrelname, idx_scan, idx_tup_read, idx_tup_fetch, 0, 0, 0 from pg_stat_user_indexes`,
  );
  return new Map(
    rows.map((r) => [
      r.t,
      {
        seqRead: Number(r.seq_tup_read),
        seqScans: Number(r.seq_scan),
        idxFetch: Number(r.idx_tup_fetch),
        pages: Number(r.pages),
        dead: Number(r.n_dead_tup),
        live: Number(r.n_live_tup),
      },
    ]),
  );
}

/** The tables whose pages were touched most per stage move between two readings, with the rows read and dead rows. */
function tablesBetween(before: TableStats, after: TableStats, moves: number, count = 6): string[] {
  return [...after]
    .map(([t, a]) => {
      const b = before.get(t);
      return {
        t,
        ...a,
        pages: a.pages - (b?.pages ?? 0),
        seq: a.seqRead - (b?.seqRead ?? 0),
        scans: a.seqScans - (b?.seqScans ?? 0),
        idx: a.idxFetch - (b?.idxFetch ?? 0),
      };
    })
    .sort((x, y) => y.pages - x.pages || y.seq - x.seq)
    .filter((r, i) => (r.t.startsWith('index ') ? r.seq > 0 : i < count))
    .slice(0, count + 4)
    .map((r) =>
      r.t.startsWith('index ')
        ? `  ${' '.repeat(8)} entries read per move ${f1(r.seq / moves)} by ${r.scans} scans, rows fetched ${f1(r.idx / moves)}: ${r.t}`
        : `  ${f1(r.pages / moves).padStart(8)} pages per move, rows read ${f1(r.seq / moves)} by ${r.scans} seq scans, ${f1(r.idx / moves)} by index: ${r.t} (live ${r.live}, dead ${r.dead})`,
    );
}

const dbNow = async (platform: Platform): Promise<number> =>
  Number((await platform.sql<{ t: number }>('select extract(epoch from clock_timestamp()) * 1000 as t'))[0].t);

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const config = readConfig(flags);
  cleanUpOnSignals(log);
  const dir = mkdtempSync(join(tmpdir(), 'll-bench-bulk-'));
  onCleanup(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  const sampleFile = writeList(dir, 'benchsample', 0, config.sample);
  const listFile = writeList(dir, 'benchbulk', config.sample, config.rows);
  log(`${config.mode}: a list of ${config.rows} rows (${dir}); load average ${f1(loadAverage())}`);

  const companies = writeCompanies(dir, [
    ['benchsample', 0, config.sample],
    ['benchbulk', config.sample, config.rows],
  ]);
  const platform = await startPlatform(config, join(dir, 'data'), companies);
  for (let i = 0; i < config.sdrs; i++) await post(`${platform.url('routing')}/sdrs`, rosterSdr('bench-outbound', i, 'outbound'));

  // The vendor: its sample list imported, handed to appointments, decided (approved), its leads routed.
  const warmStart = performance.now();
  const sample = await runImport(platform, sampleFile, 'bench-sample', 0);
  const decision = await post(`${platform.url('appointments')}/vendors/${VENDOR}/decide`, {});
  if (decision.status !== 'approved') throw new Error(`the vendor was not approved: ${JSON.stringify(decision).slice(0, 500)}`);
  for (;;) {
    const routed = await platform.sql<{ n: number }>(
      `select count(distinct lead_id)::int as n from event_store.events where event_type in ('LeadAssigned', 'LeadSentToRecyclePool') and lead_id = any($1::text[])`,
      [sample.accepted],
    );
    if ((routed[0]?.n ?? 0) >= sample.accepted.length) break;
    if (performance.now() - warmStart > 300_000) throw new Error('the sample leads were not routed within 300 s');
    await sleep(500);
  }
  log(
    `vendor ${VENDOR} approved on a sample of ${sample.accepted.length} leads, all routed, after ${f1((performance.now() - warmStart) / 1000)} s`,
  );
  await sleep(2000);

  // The measurement.
  const pids = Object.fromEntries(platform.processes.map((p) => [p.name, p.child.pid]));
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const peak: Record<string, number> = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMiB(pid)]));
  const machine0 = machineJiffies();
  const loads = [loadAverage()];
  const commits0 = await platform.commits();
  const stats0 = await platform.stats?.();
  const start = await dbNow(platform);
  const wall0 = performance.now();
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name], rssMiB(pid));
  }, 1000);
  onCleanup('stop the RSS sampler', async () => clearInterval(sampler));
  const tracker = new StageTracker(platform, start);
  let stopProgress = false;
  // Each progress line also says what the window since the last one cost per lead that moved on in it (the stage
  // furthest along that moved), so a cost that grows with the store shows as the list goes on.
  let window = { at: wall0, cpu: cpu0, stats: stats0, tables: stats0?.costs ? await tableStats(platform) : undefined, moved: 0 };
  const progress = (async () => {
    while (!stopProgress) {
      await sleep(config.pollS * 1000);
      if (stopProgress) break;
      const counts = await tracker.look().catch(() => undefined);
      loads.push(loadAverage());
      if (!counts) continue;
      const now = performance.now();
      const cpuNow = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
      const statsNow = stats0?.costs ? await platform.stats?.().catch(() => undefined) : undefined;
      const moved = STAGES.reduce((sum, [s]) => sum + counts[s].leads, 0);
      const n = moved - window.moved;
      const perLead = n > 0 ? Object.entries(cpuNow).map(([name, s]) => `${name} ${f2((1000 * (s - window.cpu[name])) / n)}`) : [];
      log(
        `  ${f1((now - wall0) / 1000)} s: ${STAGES.map(([s]) => `${s} ${counts[s].leads}`).join(' · ')} · load ${f1(loadAverage())}${
          n > 0 ? ` · window: ${f1((n * 1000) / (now - window.at))} stage moves/s, CPU ms per move ${perLead.join(', ')}` : ''
        }`,
      );
      if (statsNow && window.stats && n > 0) log(costsBetween(window.stats, statsNow, n, 12).join('\n'));
      const tablesNow = statsNow ? await tableStats(platform).catch(() => undefined) : undefined;
      if (tablesNow && window.tables && n > 0) log(tablesBetween(window.tables, tablesNow, n).join('\n'));
      window = { at: now, cpu: cpuNow, stats: statsNow ?? window.stats, tables: tablesNow ?? window.tables, moved };
    }
  })();
  log(
    `importing ${config.rows} rows, handing them to appointments in lists of ${config.releaseEvery || `${MAX_LIST_LEADS} after the import`} ...`,
  );
  const run = await runImport(platform, listFile, 'bench-bulk', config.releaseEvery);
  log(
    `import answered in ${f1(run.seconds)} s (${f1(config.rows / run.seconds)} rows/s): accepted ${run.accepted.length}, duplicate ${run.duplicate}, invalid ${[...run.invalid.values()].reduce((a, b) => a + b, 0)}${run.error ? `, stopped: ${run.error}` : ''}; ${run.lists} vendor lists`,
  );
  const deadline = performance.now() + config.drainTimeoutS * 1000;
  let seen = await tracker.look();
  while (seen.routed.leads + seen.recycled.leads < run.accepted.length && performance.now() < deadline) {
    await sleep(2000);
    seen = await tracker.look();
  }
  stopProgress = true;
  await progress;
  const counts = await stageCounts(platform, start);
  clearInterval(sampler);
  const wallS = (performance.now() - wall0) / 1000;
  const machine1 = machineJiffies();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - cpu0[name]]));
  const rssEnd = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMiB(pid)]));
  const commits = (await platform.commits()) - commits0;
  const stats1 = await platform.stats?.();
  loads.push(loadAverage());
  const recycleReasons = await platform.sql<{ reason: string; n: number }>(
    `select data->>'reason' as reason, count(*)::int as n from event_store.events
      where event_type = 'LeadSentToRecyclePool' and recorded_at >= to_timestamp($1::double precision / 1000) group by 1 order by 2 desc limit 5`,
    [start],
  );
  const dead = await deadLettered(platform);
  await cleanup(log);

  const rows = config.rows;
  const done = counts.routed.leads + counts.recycled.leads;
  const lastRouted = Math.max(...[counts.routed.last, counts.recycled.last].filter(Number.isFinite));
  const totalS = (lastRouted - start) / 1000;
  const rate = (c: StageCount) => (c.leads > 0 ? c.leads / ((c.last - start) / 1000) : NaN);
  const totalCpu = Object.values(cpu).reduce((a, b) => a + b, 0);
  const command = `npm run bench:bulk -- ${process.argv.slice(2).join(' ')}`.trim();
  const aim = config.mode === 'embedded' ? 15 : 5;
  const out = [
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${command}`,
    `${config.mode}${config.mode === 'embedded' ? (config.compiled ? " (npm start's compiled build and launcher)" : ' (sources through SWC)') : ''}: ${rows} rows; import answered in ${f1(run.seconds)} s (${f1(rows / run.seconds)} rows/s); accepted ${run.accepted.length}, duplicate ${run.duplicate}, invalid ${[...run.invalid].map(([r, n]) => `${n} (${r})`).join(', ') || 0}${run.error ? `; stopped: ${run.error}` : ''}; ${run.lists} vendor lists released${run.cutOff.length ? `; the upload was cut off and posted again ${run.cutOff.length}× (after ${run.cutOff.join(', ')})` : ''}.`,
    `Routed ${counts.routed.leads}, sent to the recycle pool ${counts.recycled.leads}${recycleReasons.length ? ` (${recycleReasons.map((r) => `${r.n}: ${r.reason}`).join('; ')})` : ''}, not done ${run.accepted.length - done}; dead-lettered: ${dead.length ? dead.join(', ') : 'none'}.`,
    '',
    '| stage | leads | last at s | rows/s (leads / (last − import start)) |',
    '|---|---:|---:|---:|',
    ...STAGES.map(([stage]) => {
      const c = counts[stage];
      return `| ${stage} | ${c.leads} | ${f1((c.last - start) / 1000)} | ${f1(rate(c))} |`;
    }),
    '',
    `Total wall time, import start → last lead routed: ${f1(totalS)} s = ${f1(totalS / 60)} min (aim ≤ ${aim} min for 100,000 rows ${config.mode}${rows === 100_000 ? `: **${totalS <= aim * 60 && done === rows ? 'met' : 'missed'}**` : `; at this rate 100,000 rows would take ~${f1((totalS * 100_000) / rows / 60)} min`}).`,
    `CPU over ${f1(wallS)} s (machine ${f1((100 * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total))} % busy): ${Object.entries(
      cpu,
    )
      .map(([name, s]) => `${name} ${f1(s)} s (${f2((1000 * s) / rows)} ms/row)`)
      .join(', ')}; all ${f2((1000 * totalCpu) / rows)} ms/row.`,
    `RSS end / peak MiB: ${Object.keys(pids)
      .map((name) => `${name} ${f1(rssEnd[name])} / ${f1(peak[name])}`)
      .join(
        ', ',
      )}. Commits per row: ${f2(commits / rows)} (${commits}). Load average: start ${f1(loads[0])}, max ${f1(Math.max(...loads))}, end ${f1(loads[loads.length - 1])}${Math.max(...loads) > 2 ? ' (disturbed: above 2)' : ''}.`,
    '',
    ...(stats0?.costs && stats1?.costs
      ? ['Time inside PGlite by statement, per row (BENCH_SQL_TALLY=1; the whole line):', ...costsBetween(stats0, stats1, rows), '']
      : []),
  ];
  process.stdout.write(out.join('\n'));
}

runBench(main, log);
