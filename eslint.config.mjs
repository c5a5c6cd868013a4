// Lint rules that encode the architecture: project tags bound who may import whom, and the
// domain stays pure TypeScript (no Nest, drivers, or Node built-ins). Run with NX_DAEMON=false in CI.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`]));

const moduleBoundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:infra', 'type:domain'] },
    // Test helpers (libs/testing) may use the infrastructure they set up, never the other way round.
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:domain'] },
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:infra', 'type:domain'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:domain'] },
    {
      sourceTag: 'type:domain',
      onlyDependOnLibsWithTags: ['type:domain'],
      bannedExternalImports: ['@nestjs/*', 'pg', 'kafkajs', '@electric-sql/*', 'typeorm'],
    },
  ],
};

// Tests (and only tests) may also import libs/testing.
const testConstraints = moduleBoundaries.depConstraints.map((constraint) =>
  constraint.sourceTag === 'type:domain'
    ? constraint
    : { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] },
);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/coverage/**',
      'tmp/**',
      '.leadline-data/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
    },
  },
  {
    // Tests may exercise their own project through its public alias, as its users do.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { ...moduleBoundaries, depConstraints: testConstraints, allowCircularSelfDependency: true },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Domain code is pure TypeScript: take I/O and time through ports.',
          })),
        },
      ],
    },
  },
  {
    // The test-only entries (`@leadline/domain/testing`, `@leadline/event-store/testing`, ...) stay out of
    // production code, as libs/testing does by its tag. (The domain's own block above sets this rule there.)
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**', 'libs/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@leadline/*/testing'], message: 'Test helpers are for tests: import them from specs and test/ folders only.' },
          ],
        },
      ],
    },
  },
);
