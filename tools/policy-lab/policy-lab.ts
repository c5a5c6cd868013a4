// `npm run lab -- <command> [options]`: the policy lab from a terminal, on the recorded history.
//   backtest  [--candidate-model m.json …] [--candidate-policy p.json …] [--booking]  scoring / routing / booking back-tests
//   train     --target qualified|won --model-id ID --version N [--seed 1] [--settled-before ISO]
//   capacity  [--handling-minutes 10] [--growth 0,10,25,50] [--target 0.95] [--seed 1] [--arrivals forecast.json]
//   preview   --lead lead.json --at ISO [--candidate-model m.json] [--candidate-policy p.json]
// History from --database-url (or DATABASE_URL), else the PGlite folder --data-dir (DATA_DIR,
// ./.leadline-data; stop the platform first: one process per folder). Reports (Markdown, JSON, SVG
// charts) go to --out (./lab-reports). Read-only: nothing is written to the store.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import {
  ACTIVE_SCORING_MODEL_STREAM,
  activatedModel,
  icpModelProblems,
  routingPolicyProblems,
  seedFrom,
  type IcpModel,
  type LabRecord,
  type RoutingPolicy,
} from '@leadline/domain';
import { createPgDatabase, createPgliteDatabase, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { LogisticRegressionFitter, PolicyLabRunner, readLabHistory, writeReportFiles, type LabReport } from '@leadline/service-policy-lab';
import { loadScoringModel } from '@leadline/service-scoring';

const USAGE = `Usage: npm run lab -- <backtest|train|capacity|preview> [options]
  common:   --database-url URL | --data-dir DIR   --out ./lab-reports   --quiet
  backtest: --candidate-model FILE (repeatable)  --candidate-policy FILE (repeatable)  --booking
  train:    --target qualified|won  --model-id ID  --version N  [--seed N] [--settled-before ISO]
  capacity: [--handling-minutes 10] [--growth 0,10,25,50] [--target 0.95] [--seed N] [--arrivals FILE (168 leads/hour, Monday 00:00 UTC first)]
  preview:  --lead FILE --at ISO [--candidate-model FILE] [--candidate-policy FILE]`;

function readJson<T>(file: string, problems: (value: unknown) => string[]): T {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const found = problems(value);
  if (found.length > 0) throw new Error(`${file}: ${found.join('; ')}`);
  return value as T;
}

const arrivalProblems = (value: unknown): string[] =>
  Array.isArray(value) && value.length === 168 && value.every((v) => typeof v === 'number' && v >= 0)
    ? []
    : ['arrivals must be a JSON array of 168 non-negative numbers (leads per UTC hour of the week, Monday 00:00 first)'];

async function openStore(url: string | undefined, dataDir: string | undefined): Promise<{ db: SqlDatabase; store: PostgresEventStore }> {
  const db = url
    ? await createPgDatabase(url, { applicationName: 'leadline-policy-lab' })
    : await createPgliteDatabase(dataDir ?? './.leadline-data');
  return { db, store: await PostgresEventStore.create(db) };
}

function progressBar(quiet: boolean, label: string) {
  const bar = new SingleBar(
    { format: `${label} {bar} {percentage}% | {value}/{total}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (quiet) return;
      if (!started) bar.start(total, 0);
      started = true;
      if (done % 200 === 0 || done === total) bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string', default: './lab-reports' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      'candidate-model': { type: 'string', multiple: true, default: [] },
      'candidate-policy': { type: 'string', multiple: true, default: [] },
      booking: { type: 'boolean', default: false },
      target: { type: 'string' },
      'model-id': { type: 'string' },
      version: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'settled-before': { type: 'string' },
      'handling-minutes': { type: 'string', default: '10' },
      growth: { type: 'string', default: '0,10,25,50' },
      lead: { type: 'string' },
      arrivals: { type: 'string' },
      at: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const models = values['candidate-model'].map((f) => readJson<IcpModel>(f, icpModelProblems));
  const policies = values['candidate-policy'].map((f) => readJson<RoutingPolicy>(f, routingPolicyProblems));
  const { db, store } = await openStore(
    values['database-url'] ?? (values['data-dir'] ? undefined : process.env.DATABASE_URL),
    values['data-dir'] ?? process.env.DATA_DIR,
  );
  let records: LabRecord[];
  let active: IcpModel;
  try {
    // The model scoring runs: the last one promoted in the lab, else the configured one (SCORING_MODEL_FILE).
    active = activatedModel(await store.readStream(ACTIVE_SCORING_MODEL_STREAM)) ?? loadScoringModel(process.env);
    if (!values.quiet) process.stderr.write('reading the recorded history…\n');
    records = await readLabHistory(store, {
      onProgress: (n) => !values.quiet && process.stderr.write(`\r${n.toLocaleString('en-US')} events`),
    });
    if (!values.quiet) process.stderr.write('\n');
  } finally {
    await db.close();
  }
  const runner = new PolicyLabRunner(active, new LogisticRegressionFitter());
  const out = values.out;
  const reports: [string, LabReport<unknown>][] = [];
  switch (command) {
    case 'backtest': {
      reports.push(['scoring', runner.scoring(records, models)]);
      const bar = progressBar(values.quiet, 'routing replay');
      runner
        .routing(records, policies, (done, total) => bar.update(done, total))
        .forEach((r, i) => reports.push([`routing-${i === 0 ? 'active' : policies[i - 1].policyId}`, r]));
      bar.stop();
      if (values.booking) reports.push(['booking', runner.booking(records)]);
      break;
    }
    case 'train': {
      const target = values.target === 'won' ? 'won' : 'qualified';
      if (!values['model-id'] || !values.version) throw new Error('train needs --model-id and --version');
      const { model, report } = runner.train(records, {
        target,
        modelId: values['model-id'],
        version: Number(values.version),
        seed: Number(values.seed),
        settledBefore: values['settled-before'],
      });
      reports.push(['training', report]);
      const file = join(out, `${model.modelId}-v${model.version}.json`);
      mkdirSync(out, { recursive: true });
      writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
      process.stdout.write(`model written to ${file} (back-test it with --candidate-model ${file})\n`);
      break;
    }
    case 'capacity':
      reports.push([
        'capacity',
        runner.capacity(records, {
          handlingMinutes: Number(values['handling-minutes']),
          growth: values.growth.split(',').map((g) => Number(g) / 100),
          target: values.target ? Number(values.target) : undefined,
          seed: Number(values.seed),
          perHour: values.arrivals ? readJson<number[]>(values.arrivals, arrivalProblems) : undefined,
        }),
      ]);
      break;
    case 'preview': {
      if (!values.lead || !values.at) throw new Error('preview needs --lead and --at');
      const lead = JSON.parse(readFileSync(values.lead, 'utf8'));
      const preview = runner.preview(
        records,
        { leadId: `preview-${seedFrom(values.lead)}`, ...lead },
        new Date(values.at).toISOString(),
        models[0],
        policies[0],
      );
      process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      return 0;
    }
    default:
      process.stderr.write(`unknown command ${command}\n${USAGE}\n`);
      return 2;
  }
  for (const [stem, report] of reports) {
    const files = await writeReportFiles(out, stem, report);
    process.stdout.write(`${report.title}: ${files.join(', ')}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
