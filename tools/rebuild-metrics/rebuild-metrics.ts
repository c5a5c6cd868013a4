// `npm run metrics:rebuild [-- --database-url URL | --data-dir DIR] [--model leads[,routing]] [--batch-size 5000] [--keep-retired 1] [--quiet]`
// Rebuilds every metrics read model (or those --model names; the others are copied from the live version) from position zero into a new version (schema metrics_v<N>)
// beside the live one, shows a progress bar with an ETA, switches the analysts' views over in one
// transaction once it has caught up, and prints events/s and the total time.
// PostgreSQL: run it while the platform runs; the services keep the live version current and take
// the new one over after the switch. PGlite: its data folder belongs to one process, so stop the
// platform first (or call POST /metrics/rebuild on the running platform instead).
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { createPgDatabase, createPgliteDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { loadMetricsConfig, READ_MODELS, rebuildMetrics, type RebuildProgress } from '@leadline/service-metrics';

const USAGE =
  'Usage: metrics:rebuild [--database-url postgres://…] [--data-dir ./.leadline-data] [--model leads,routing] [--batch-size 5000] [--keep-retired 1] [--max-lag 100] [--quiet]\n' +
  'Without flags: DATABASE_URL, else DATA_DIR (default ./.leadline-data), as the platform reads them.';

async function open(url: string | undefined, dataDir: string | undefined): Promise<{ db: SqlDatabase; where: string }> {
  if (url)
    return {
      db: await createPgDatabase(url, { applicationName: 'leadline-metrics-rebuild' }),
      where: new URL(url).pathname.slice(1) || url,
    };
  const dir = dataDir ?? './.leadline-data';
  process.stderr.write(`PGlite folder ${dir}: the platform must not be running on it (one process per folder).\n`);
  return { db: await createPgliteDatabase(dir), where: dir };
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number (got ${JSON.stringify(raw)})`);
  return Number(raw);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      model: { type: 'string' },
      'batch-size': { type: 'string' },
      'keep-retired': { type: 'string' },
      'max-lag': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadMetricsConfig(process.env);
  const url = values['database-url'] ?? (values['data-dir'] ? undefined : process.env.DATABASE_URL);
  const { db, where } = await open(url, values['data-dir'] ?? process.env.DATA_DIR);
  const bar = new SingleBar(
    {
      format: '{bar} {percentage}% | {value}/{total} events | {rate} ev/s | ETA {eta_formatted} | version {version}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  const onProgress = (p: RebuildProgress) => {
    if (values.quiet) return;
    const rate = p.elapsedMs > 0 ? Math.round((p.applied * 1000) / p.elapsedMs) : 0;
    if (!started) bar.start(Math.max(p.total, 1), p.applied, { rate, version: p.version });
    started = true;
    bar.setTotal(Math.max(p.total, 1));
    bar.update(p.applied, { rate, version: p.version });
  };
  try {
    const store = await PostgresEventStore.create(db);
    const result = await rebuildMetrics(db, store, READ_MODELS, {
      batchSize: positiveInt('batch-size', values['batch-size'], config.rebuildBatchSize),
      keepRetired: positiveInt('keep-retired', values['keep-retired'], config.keepRetired),
      switchMaxLag: positiveInt('max-lag', values['max-lag'], config.switchMaxLag),
      onProgress,
      only: values.model
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    });
    if (started) bar.stop();
    const seconds = (result.elapsedMs / 1000).toFixed(1);
    process.stdout.write(
      `Metrics version ${result.version} is live on ${where}${result.previous ? ` (replaced version ${result.previous})` : ''}: ` +
        `${result.events.toLocaleString('en-US')} events in ${seconds} s, ${result.eventsPerSecond.toLocaleString('en-US')} events/s\n`,
    );
    return 0;
  } finally {
    if (started) bar.stop();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`metrics:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(1);
  },
);
