// `npm run lab:synthetic -- [--leads 3000] [--seed 16] [--data-dir ./.leadline-lab] [--database-url URL] [--port 3016]`
// Starts the embedded platform (PGlite folder, or PostgreSQL with --database-url) with the
// synthetic organisation's firmographics provider, runs the synthetic leads through the real
// services over HTTP (captured, enriched, scored, assigned, touched, qualified or not, deals won),
// and stops it: a history with known drivers for `npm run lab`. Progress bar; prints the counts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { generateApiKey } from '@leadline/platform';
import { runSyntheticLine, startFirmographicsProvider, syntheticCompanies, syntheticLeads } from '@leadline/service-policy-lab';

const ROOT = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      leads: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '16' },
      'data-dir': { type: 'string', default: './.leadline-lab' },
      'database-url': { type: 'string' },
      port: { type: 'string', default: '3016' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const seed = Number(values.seed);
  const companies = syntheticCompanies(400, seed);
  const leads = syntheticLeads(Number(values.leads), companies, seed + 1);
  const provider = await startFirmographicsProvider(companies);
  const store = values['database-url'] ? { DATABASE_URL: values['database-url'] } : { DATA_DIR: values['data-dir'] };
  // The platform this run starts is the line's own: it runs as an admin key made for it.
  const apiKey = process.env.AUTH_ADMIN_KEY ?? generateApiKey().key;
  const platform = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.cjs'), join(ROOT, 'apps', 'platform', 'src', 'main.ts')], {
    env: {
      ...process.env,
      ...store,
      PORT: values.port,
      AUTH_ADMIN_KEY: apiKey,
      // One client posts the whole history: the per-client intake rate limit is for the public edge.
      INTAKE_RATE_LIMIT: '0',
      DEMO_ORG: 'false',
      LOG_LEVEL: 'warn',
      ENRICHMENT_HTTP_URL: provider.url,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${values.port}`;
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 240) throw new Error('the platform did not become ready in 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const bar = new SingleBar(
      { format: 'synthetic leads {bar} {percentage}% | {value}/{total} | ETA {eta_formatted}', noTTYOutput: true, notTTYSchedule: 5_000 },
      Presets.shades_classic,
    );
    bar.start(leads.length, 0);
    const started = Date.now();
    const result = await runSyntheticLine({
      baseUrl: base,
      apiKey,
      leads,
      concurrency: Number(values.concurrency),
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    const { leadIds: _ids, ...counts } = result;
    process.stdout.write(
      `${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(0)} s; history in ${values['database-url'] ?? values['data-dir']}\n`,
    );
  } finally {
    platform.kill('SIGTERM');
    await new Promise((resolve) => platform.once('exit', resolve));
    await provider.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
