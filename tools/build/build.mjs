#!/usr/bin/env node
/**
 * `npm run build [-- --out-dir DIR]` (default dist/): the production build, plain JavaScript started
 * with `node`, no transpiler at run time.
 *
 * Every production TypeScript file of the apps, the libraries they use and the operators' CLIs is
 * compiled on its own by SWC with the repository's .swcrc (legacy decorators with decorator metadata,
 * which NestJS dependency injection and ValidationPipe need): the same transform the test suites and
 * tools/register.cjs use, so the built code is the tested code. The layout is kept (`apps/x/src/main.ts` →
 * `DIR/apps/x/src/main.js`), so paths relative to a file (the demo data) hold as they are.
 *
 * `@leadline/*` imports stay as written and resolve the standard way: DIR keeps the npm workspaces,
 * each workspace's package.json `main` points at its compiled index.js, and `npm ci --omit=dev` in DIR
 * links them into node_modules/@leadline and installs the production dependencies from the same
 * package-lock.json. Test helpers, tests, benchmarks and dev tooling are left out.
 *
 * `npm start` runs this build too, into node_modules/.cache/leadline/start, then the compiled platform (issue 15: a
 * process that transpiles on require holds SWC, the TypeScript compiler and every module's source map, ~120 MiB
 * more than the compiled code; docs/benchmarks.md "Memory, embedded"):
 *   --incremental      keep DIR and compile or copy only the files whose source changed since (a compiled file
 *                      carries its source's modification time), remove what no source produces any more, and
 *                      start afresh when the compiler, its options or this script changed
 *   --link-workspaces  link each workspace into DIR/node_modules/@leadline/… (what `npm ci` does in the image), so
 *                      a DIR inside the repository runs on the repository's node_modules without an install
 */
import { transformFile, version as swcVersion } from '@swc/core';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    'out-dir': { type: 'string', default: join(ROOT, 'dist') },
    incremental: { type: 'boolean', default: false },
    'link-workspaces': { type: 'boolean', default: false },
  },
});
const OUT = resolve(values['out-dir']);
const INCREMENTAL = values.incremental;
/** What every compiled file depends on besides its source (--incremental starts afresh when it changes). */
const STAMP_FILE = join(OUT, '.build-stamp');

/** What operators run from the image besides the services (tools/migrate once it exists). */
const RUNTIME_TOOLS = [
  'tools/start-service.ts',
  'tools/start-image.sh',
  'tools/start-platform.sh',
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
const writeJson = (file, value) => writeAtomically(file, `${JSON.stringify(value, null, 2)}\n`);

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

/** Where a source file lands in OUT. */
const targetOf = (file) => join(OUT, relative(ROOT, file).replace(/\.ts$/, '.js'));

/** Written beside and renamed into place: a process starting from OUT meanwhile never reads half a file. */
function writeAtomically(target, content) {
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, target);
}

/** --incremental: the target carries its source's modification time; unchanged means equal. */
function upToDate(file, target) {
  if (!INCREMENTAL || !existsSync(target)) return false;
  // Within a millisecond: utimes sets the time to the millisecond a Date holds.
  return Math.abs(statSync(target).mtimeMs - statSync(file).mtimeMs) < 1;
}

function markBuilt(file, target) {
  const { atime, mtime } = statSync(file);
  utimesSync(target, atime, mtime);
}

async function compile(file, options) {
  const target = targetOf(file);
  if (upToDate(file, target)) return false;
  const { code, map } = await transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(target), file) });
  writeAtomically(`${target}.map`, map);
  writeAtomically(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  markBuilt(file, target);
  return true;
}

function copy(file) {
  const target = targetOf(file);
  if (upToDate(file, target)) return false;
  writeAtomically(target, readFileSync(file));
  markBuilt(file, target);
  return true;
}

/** --incremental: removes what no source produces any more (a deleted module must not keep resolving). */
function removeStale(expected) {
  const stale = readdirSync(OUT, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    // Another build's file still being written (two starts at once) is not stale.
    .filter((path) => !relative(OUT, path).split('/').includes('node_modules') && !expected.has(path) && !path.endsWith('.partial'));
  for (const path of stale) rmSync(path, { force: true });
  return stale.length;
}

/** --link-workspaces: OUT/node_modules/<workspace name> → the workspace's folder in OUT. */
function linkWorkspaces(dirs) {
  for (const dir of dirs) {
    const link = join(OUT, 'node_modules', readJson(join(dir, 'package.json')).name);
    const target = relative(dirname(link), join(OUT, relative(ROOT, dir)));
    if (existsSync(link) || isLink(link)) {
      if (isLink(link) && readlinkSync(link) === target) continue;
      rmSync(link, { recursive: true, force: true });
    }
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function workspacePackage(dir) {
  const { types: _types, ...pkg } = readJson(join(dir, 'package.json'));
  return { ...pkg, main: pkg.main.replace(/\.ts$/, '.js') };
}

function rootPackage(pkg) {
  return {
    ...pkg,
    scripts: {
      start: 'exec sh tools/start-image.sh platform',
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
const options = swcOptions();
const stamp = createHash('sha256')
  .update(JSON.stringify({ swc: swcVersion, options, build: readFileSync(fileURLToPath(import.meta.url), 'utf8') }))
  .digest('hex');
const fresh = !INCREMENTAL || !existsSync(STAMP_FILE) || readFileSync(STAMP_FILE, 'utf8') !== stamp;
if (fresh) rmSync(OUT, { recursive: true, force: true });
const dirs = workspaces(pkg);
const files = [
  ...dirs.flatMap((dir) => shippedFiles(dir)),
  ...[...RUNTIME_TOOLS, ...RUNTIME_DATA].flatMap((path) => shippedFiles(join(ROOT, path))),
];
const changed = await Promise.all(
  files.map((file) => {
    if (file.endsWith('.ts')) return compile(file, options);
    if (file.endsWith('package.json')) return writeJson(join(OUT, relative(ROOT, file)), workspacePackage(dirname(file)));
    return copy(file);
  }),
);
writeJson(join(OUT, 'package.json'), rootPackage(pkg));
copyFileSync(join(ROOT, 'package-lock.json'), join(OUT, 'package-lock.json'));
if (values['link-workspaces']) linkWorkspaces(dirs);
if (INCREMENTAL) writeFileSync(STAMP_FILE, stamp);
const compiled = files.filter((file, i) => file.endsWith('.ts') && changed[i]).length;
const total = files.filter((file) => file.endsWith('.ts')).length;
const removed = INCREMENTAL
  ? removeStale(
      new Set([
        ...files.flatMap((file) => (file.endsWith('.ts') ? [targetOf(file), `${targetOf(file)}.map`] : [targetOf(file)])),
        ...['package.json', 'package-lock.json', '.build-stamp'].map((name) => join(OUT, name)),
      ]),
    )
  : 0;
if (!INCREMENTAL || compiled || removed) {
  console.log(
    `[build] ${compiled === total ? compiled : `${compiled} of ${total}`} files of ${dirs.length} workspaces compiled into ${relative(process.cwd(), OUT) || '.'} in ${Date.now() - started} ms${removed ? `, ${removed} stale removed` : ''}`,
  );
}
