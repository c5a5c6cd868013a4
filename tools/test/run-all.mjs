#!/usr/bin/env node
/**
 * `npm test`: format check → project graph → lint → typecheck → unit tests → integration tests,
 * stopping at the first failure. The project graph is computed first because eslint's
 * @nx/enforce-module-boundaries rule silently skips itself when no graph is cached.
 * Extra arguments go to both jest runs (e.g. `npm test -- libs/event-store -t append`).
 * Ends with one combined line `N passed, N failed[, N skipped]` over both jest runs, and exits
 * non-zero when a step fails or when no test ran at all.
 *
 * The integration project runs one test file at a time (the broker and PostgreSQL need CPU too on
 * small CI machines), each in a fresh worker process: jest's worker is replaced after every file
 * (--workerIdleMemoryLimit below any worker's size). In band, one process ran all ~100 files and grew
 * to ~2 GB with what earlier files left behind, and later files ran slower beside it (docs/benchmarks.md,
 * "CI time"). LEADLINE_TEST_INT_WORKERS=<n> runs n files at a time instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extra = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const work = mkdtempSync(join(tmpdir(), 'leadline-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function summaryLine() {
  return `${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`;
}

function finish(code, reason) {
  rmSync(work, { recursive: true, force: true });
  if (reason) console.error(`\n[test] ${reason}`);
  console.log(summaryLine());
  process.exit(code);
}

function run(label, args, env = {}) {
  const started = Date.now();
  console.log(`\n[test] ▶ ${label}: ${['npx', ...args].join(' ')}`);
  const result = spawnSync(npx, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) return { ok: false, why: `${label} could not start: ${result.error.message}` };
  if (result.signal) return { ok: false, why: `${label} killed by ${result.signal} after ${seconds}s` };
  console.log(`[test] ${result.status === 0 ? '✔' : '✖'} ${label} (${seconds}s, exit ${result.status})`);
  return { ok: result.status === 0, why: `${label} failed (exit ${result.status})` };
}

function jest(project, projectArgs) {
  const summaryFile = join(work, `${project}.json`);
  // --forceExit: a test that fails mid-way can leave a child process or socket behind; the run must
  // still end (and report) instead of waiting for it until CI's time limit.
  const outcome = run(`jest ${project}`, ['jest', ...extra, '--forceExit', '--selectProjects', project, ...projectArgs], {
    LEADLINE_TEST_SUMMARY_FILE: summaryFile,
    FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
  });
  if (existsSync(summaryFile)) {
    const counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  } else if (!outcome.ok) {
    // Jest stopped before reporting (global setup failed, config error, no tests found ...).
    totals.failed += 1;
  }
  return outcome;
}

const steps = [];
steps.push(() => run('format', ['prettier', '--check', '.']));
steps.push(() => run('project graph', ['nx', 'graph', `--file=${join(work, 'graph.json')}`], { NX_DAEMON: 'false' }));
if (existsSync(join(ROOT, 'eslint.config.mjs'))) {
  steps.push(() => run('eslint', ['eslint', '.'], { NX_DAEMON: 'false' }));
} else {
  console.log('[test] no eslint.config.mjs: lint skipped');
}
steps.push(() => run('typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
steps.push(() => jest('unit', []));
const intWorkers = process.env.LEADLINE_TEST_INT_WORKERS;
const FRESH_WORKER_PER_FILE = '--workerIdleMemoryLimit=1MB';
steps.push(() => jest('integration', [`--maxWorkers=${intWorkers || 1}`, FRESH_WORKER_PER_FILE]));

for (const step of steps) {
  const { ok, why } = step();
  if (!ok) finish(1, why);
}
if (totals.passed + totals.failed === 0) finish(1, 'no tests ran');
if (totals.failed > 0) finish(1, `${totals.failed} test(s) failed`);
finish(0);
