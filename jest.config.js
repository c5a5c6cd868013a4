// @ts-check
/**
 * Two jest projects:
 *   unit         **\/*.spec.ts                      no infrastructure
 *   integration  **\/*.int-spec.ts, **\/*.e2e-spec.ts real PostgreSQL + Kafka from tools/test/global-setup.ts
 * Run one: `npx jest --selectProjects unit` / `npx jest --selectProjects integration libs/x`.
 * `npm test` (tools/test/run-all.mjs) runs lint, typecheck, unit, integration in that order.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = __dirname;

/** JSON with comments (tsconfig style) → object. */
function readJsonc(file) {
  const text = fs.readFileSync(file, 'utf8');
  const withoutComments = text.replace(/\\"|"(?:\\"|[^"])*"|(\/\/.*|\/\*[\s\S]*?\*\/)/g, (m, comment) => (comment ? '' : m));
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'));
}

/** tsconfig.base.json `paths` → jest moduleNameMapper (`@leadline/x` → `<rootDir>/libs/x/src/index.ts`). */
function moduleNameMapperFromTsconfig() {
  const { compilerOptions = {} } = readJsonc(path.join(ROOT, 'tsconfig.base.json'));
  const baseUrl = compilerOptions.baseUrl ?? '.';
  const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  /** @type {Record<string, string | string[]>} */
  const mapper = {};
  for (const [alias, targets] of Object.entries(compilerOptions.paths ?? {})) {
    const key = `^${escape(alias).replace(/\*/g, '(.*)')}$`;
    const mapped = targets.map((t) => `<rootDir>/${path.posix.join(baseUrl, t).replace(/\*/g, '$1')}`);
    mapper[key] = mapped.length === 1 ? mapped[0] : mapped;
  }
  return mapper;
}

/** SWC options from .swcrc (TypeScript, legacy decorators + decorator metadata for NestJS). */
function swcOptions() {
  const fromFile = fs.existsSync(path.join(ROOT, '.swcrc')) ? readJsonc(path.join(ROOT, '.swcrc')) : {};
  delete fromFile.$schema;
  const jsc = fromFile.jsc ?? {};
  return {
    ...fromFile,
    swcrc: false,
    sourceMaps: 'inline',
    module: { type: 'commonjs', ...(fromFile.module ?? {}) },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      ...jsc,
      parser: { syntax: 'typescript', decorators: true, ...(jsc.parser ?? {}) },
      transform: { legacyDecorator: true, decoratorMetadata: true, ...(jsc.transform ?? {}) },
    },
  };
}

const PROJECT_NAMES = ['unit', 'integration'];

/**
 * `--selectProjects` takes a list, so in `npx jest --selectProjects integration libs/testing` jest
 * swallows `libs/testing` as a project name and runs every integration test. That spelling is the
 * documented one in this repo (project.json targets), so existing paths listed after
 * --selectProjects narrow the test roots instead.
 */
function pathsSwallowedBySelectProjects(argv = process.argv) {
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--selectProjects' && argv[i] !== '--select-projects') continue;
    for (let j = i + 1; j < argv.length && !argv[j].startsWith('-'); j++) {
      if (PROJECT_NAMES.includes(argv[j])) continue;
      const candidate = path.resolve(process.cwd(), argv[j]);
      if (fs.existsSync(candidate)) paths.push(candidate);
    }
  }
  return paths;
}

const swallowed = pathsSwallowedBySelectProjects();
const swallowedFiles = swallowed.filter((p) => fs.statSync(p).isFile());
const swallowedDirs = swallowed.filter((p) => !swallowedFiles.includes(p));
const roots =
  swallowed.length > 0
    ? [...new Set([...swallowedDirs, ...swallowedFiles.map((f) => path.dirname(f))])]
    : ['apps', 'libs', 'tools', 'deploy', 'examples'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));

/**
 * A spec file named after --selectProjects runs alone (its folder is the root, the file the match);
 * folders named beside it keep the project's own patterns.
 */
function testMatchFor(patterns) {
  if (swallowedFiles.length === 0) return patterns;
  const suffixes = patterns.map((p) => p.replace('**/*', ''));
  const files = swallowedFiles.filter((f) => suffixes.some((s) => f.endsWith(s)));
  const inDirs = swallowedDirs.flatMap((d) => patterns.map((p) => path.join(d, p)));
  const match = [...files, ...inDirs];
  return match.length > 0 ? match : ['<rootDir>/no-spec-of-this-project-was-named'];
}

/**
 * PGlite's CommonJS build loads node builtins with `await import('fs')`, which jest's CJS runtime
 * only supports under --experimental-vm-modules; swagger-parser's json-schema-ref-parser is ESM only
 * (Node 20 requires it, jest's runtime cannot). SWC rewrites both into require() for it.
 */
const TRANSFORMED_PACKAGES = ['@electric-sql[/\\\\]pglite', '@apidevtools[/\\\\]json-schema-ref-parser'].join('|');

const PGLITE_TRANSFORM = [
  '@swc/jest',
  {
    swcrc: false,
    isModule: true,
    sourceMaps: false,
    module: { type: 'commonjs', strictMode: false, ignoreDynamic: false },
    jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  },
];

/** @type {import('jest').Config} */
const shared = {
  rootDir: ROOT,
  roots,
  testEnvironment: 'node',
  transform: {
    [`[/\\\\]node_modules[/\\\\](${TRANSFORMED_PACKAGES})[/\\\\].+\\.c?js$`]: PGLITE_TRANSFORM,
    '^.+\\.(t|j)sx?$': ['@swc/jest', swcOptions()],
  },
  transformIgnorePatterns: [`[/\\\\]node_modules[/\\\\](?!(${TRANSFORMED_PACKAGES})[/\\\\])`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: moduleNameMapperFromTsconfig(),
  setupFiles: [require.resolve('reflect-metadata')],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/coverage/', '/\\.nx/', '<rootDir>/tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.*/dist/'],
  watchPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.leadline-data'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: testMatchFor(['**/*.spec.ts']),
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.int-spec\\.ts$', '\\.e2e-spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: testMatchFor(['**/*.int-spec.ts', '**/*.e2e-spec.ts']),
      globalSetup: '<rootDir>/tools/test/global-setup.ts',
      globalTeardown: '<rootDir>/tools/test/global-teardown.ts',
      testTimeout: 120_000,
      setupFilesAfterEnv: ['<rootDir>/tools/test/integration-timeout.js'],
      slowTestThreshold: 30,
    },
  ],
  reporters: ['default', '<rootDir>/tools/test/summary-reporter.js'],
};
