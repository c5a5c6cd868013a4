import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false' };

interface ProjectGraph {
  graph: { dependencies: Record<string, { target: string }[]> };
}

function projectGraph(): ProjectGraph {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-graph-'));
  try {
    execFileSync('npx', ['nx', 'graph', `--file=${join(dir, 'graph.json')}`], { cwd: ROOT, env, stdio: 'pipe' });
    return JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as ProjectGraph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the project graph follows the layers: apps → service libs → platform → event store → domain', () => {
  let dependsOn: (project: string) => string[];

  beforeAll(() => {
    const { graph } = projectGraph();
    dependsOn = (project) => (graph.dependencies[project] ?? []).map((edge) => edge.target);
  }, 120_000);

  it('has the source-analysed edges between the layers', () => {
    expect(dependsOn('app-routing')).toEqual(expect.arrayContaining(['service-routing', 'platform']));
    expect(dependsOn('app-platform')).toEqual(
      expect.arrayContaining(['service-lead-intake', 'service-routing', 'service-metrics', 'platform']),
    );
    expect(dependsOn('service-routing')).toEqual(expect.arrayContaining(['platform', 'event-store', 'domain']));
    expect(dependsOn('platform')).toEqual(expect.arrayContaining(['event-store']));
    expect(dependsOn('event-store')).not.toContain('platform');
  });

  it('keeps the domain free of every other project', () => {
    expect(dependsOn('domain')).toEqual([]);
  });
});

describe('lint encodes the architecture', () => {
  // eslint's config is an ES module, which jest's VM cannot load: lint in a child process, as CI does.
  const boundaryErrors = (filePath: string, code: string): string[] => {
    let output: string;
    try {
      output = execFileSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], {
        cwd: ROOT,
        env,
        input: code,
        stdio: 'pipe',
      }).toString();
    } catch (error) {
      output = String((error as { stdout?: Buffer }).stdout ?? '');
    }
    const [result] = JSON.parse(output) as { messages: { ruleId: string | null }[] }[];
    return result.messages
      .map((m) => m.ruleId ?? 'fatal')
      .filter((rule) => rule === '@nx/enforce-module-boundaries' || rule === 'no-restricted-imports' || rule === 'fatal');
  };

  beforeAll(() => {
    // The boundary rule reads the cached project graph; without one it skips itself.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: ROOT, env, stdio: 'pipe' });
  }, 120_000);

  it('refuses production code that imports the test helpers', () => {
    const errors = boundaryErrors(
      'libs/event-store/src/planted.ts',
      "import { waitFor } from '@leadline/testing';\nexport const x = waitFor;\n",
    );
    expect(errors).toEqual(['@nx/enforce-module-boundaries']);
  }, 60_000);

  it('lets a test import the test helpers', () => {
    const errors = boundaryErrors(
      'libs/event-store/src/planted.int-spec.ts',
      "import { waitFor } from '@leadline/testing';\nexport const x = waitFor;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps NestJS and Node built-ins out of the domain', () => {
    const errors = boundaryErrors(
      'libs/domain/src/planted.ts',
      "import { Injectable } from '@nestjs/common';\nimport { randomUUID } from 'node:crypto';\nexport const x = [Injectable, randomUUID];\n",
    );
    expect(errors.sort()).toEqual(['@nx/enforce-module-boundaries', 'no-restricted-imports']);
  }, 60_000);
});
