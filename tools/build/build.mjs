#!/usr/bin/env node
/**
 * `npm run build [-- --out-dir DIR]` (default dist/): the production build, plain JavaScript started
 * with `node`, no transpiler at run time.
 *
 * Every production TypeScript file of the apps, the libraries they use and the operators' CLIs is
 * compiled on its own by SWC with the repository's .swcrc (legacy decorators with decorator metadata,
 * which NestJS dependency injection and ValidationPipe need): the same transform `npm start` and the
 * test suites use, so the built code is the tested code. The layout is kept (`apps/x/src/main.ts` →
 * `DIR/apps/x/src/main.js`), so paths relative to a file (the demo data) hold as they are.
 *
 * `@leadline/*` imports stay as written and resolve the standard way: DIR keeps the npm workspaces,
 * each workspace's package.json `main` points at its compiled index.js, and `npm ci --omit=dev` in DIR
 * links them into node_modules/@leadline and installs the production dependencies from the same
 * package-lock.json. Test helpers, tests, benchmarks and dev tooling are left out.
 */
import { transformFile } from '@swc/core';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: join(ROOT, 'dist') } } });
const OUT = resolve(values['out-dir']);

/** What operators run from the image besides the services (tools/migrate once it exists). */
const RUNTIME_TOOLS = [
  'tools/start-service.ts',
  'tools/prepare-pglite-template.cjs',
  'tools/migrate',
  'tools/rebuild-metrics',
  'tools/metrics-analyst-role',
  'tools/import-companies',
  'tools/import-leads',
];
/** Data the services read at run time: the published event contracts (served at /asyncapi.json and /schemas/...). */
const RUNTIME_DATA = ['contracts'];
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;
const NOT_SHIPPED = new Set(['project.json', 'tsconfig.json', 'node_modules', 'test']);

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

function swcOptions() {
  const { $schema: _schema, ...swcrc } = readJson(join(ROOT, '.swcrc'));
  return { ...swcrc, swcrc: false, sourceMaps: true };
}

/** Workspace folders from package.json (`dir/*` patterns), except test-only projects. */
function workspaces(pkg) {
  return pkg.workspaces
    .flatMap((pattern) => {
      const base = join(ROOT, pattern.replace(/\/\*$/, ''));
      return readdirSync(base)
        .map((name) => join(base, name))
        .filter((dir) => existsSync(join(dir, 'package.json')));
    })
    .filter((dir) => !(readJsonIfExists(join(dir, 'project.json'))?.tags ?? []).includes('type:testing'));
}

function readJsonIfExists(file) {
  return existsSync(file) ? readJson(file) : undefined;
}

/** Files to ship under `path` (a file or a folder), tests and project metadata excluded. */
function shippedFiles(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SHIPPED.has(entry.name) || entry.name.endsWith('.md')) return [];
    const full = join(path, entry.name);
    if (entry.isDirectory()) return shippedFiles(full);
    return TEST_FILE.test(entry.name) ? [] : [full];
  });
}

async function compile(file, options) {
  const rel = relative(ROOT, file);
  const target = join(OUT, rel.replace(/\.ts$/, '.js'));
  const { code, map } = await transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(target), file) });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  writeFileSync(`${target}.map`, map);
}

function workspacePackage(dir) {
  const { types: _types, ...pkg } = readJson(join(dir, 'package.json'));
  return { ...pkg, main: pkg.main.replace(/\.ts$/, '.js') };
}

function rootPackage(pkg) {
  return {
    ...pkg,
    scripts: {
      start: 'node tools/start-service.js platform',
      'start:service': 'node tools/start-service.js',
      migrate: 'node tools/start-service.js migrate',
      'metrics:rebuild': 'node tools/rebuild-metrics/rebuild-metrics.js',
      'metrics:analyst-role': 'node tools/metrics-analyst-role/metrics-analyst-role.js',
      prepare: 'node tools/prepare-pglite-template.cjs',
    },
  };
}

const started = Date.now();
const pkg = readJson(join(ROOT, 'package.json'));
rmSync(OUT, { recursive: true, force: true });
const options = swcOptions();
const dirs = workspaces(pkg);
const files = [
  ...dirs.flatMap((dir) => shippedFiles(dir)),
  ...[...RUNTIME_TOOLS, ...RUNTIME_DATA].flatMap((path) => shippedFiles(join(ROOT, path))),
];
await Promise.all(
  files.map((file) => {
    if (file.endsWith('.ts')) return compile(file, options);
    if (file.endsWith('package.json')) return writeJson(join(OUT, relative(ROOT, file)), workspacePackage(dirname(file)));
    mkdirSync(dirname(join(OUT, relative(ROOT, file))), { recursive: true });
    return copyFileSync(file, join(OUT, relative(ROOT, file)));
  }),
);
writeJson(join(OUT, 'package.json'), rootPackage(pkg));
copyFileSync(join(ROOT, 'package-lock.json'), join(OUT, 'package-lock.json'));
const compiled = files.filter((file) => file.endsWith('.ts')).length;
console.log(
  `[build] ${compiled} files of ${dirs.length} workspaces compiled into ${relative(process.cwd(), OUT) || '.'} in ${Date.now() - started} ms`,
);
