import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { argumentsOf, createTempDir, environmentOf, freePort, waitFor, waitForExit, type TsProcess } from '@leadline/testing';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** `npm start`'s build step (package.json "start"), into `out`: what it printed. */
async function build(out: string): Promise<string> {
  const { stdout } = await exec(
    process.execPath,
    [join(ROOT, 'tools', 'build', 'build.mjs'), '--incremental', '--link-workspaces', '--out-dir', out],
    {
      cwd: ROOT,
    },
  );
  return stdout.trim();
}

/** This environment without the npm_* variables of an `npm test` around jest: npm reads them as its own settings. */
function withoutNpmSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

/** The pids of `pid`'s descendants (from /proc). */
function descendants(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

describe("npm start's build: compiled JavaScript kept up to date between starts", () => {
  // Inside the repository, as npm start's own (node_modules/.cache/leadline/start): the third-party packages
  // resolve from the repository's node_modules, the @leadline workspaces from the build's links.
  const out = join(ROOT, 'node_modules', '.cache', 'leadline', `start-spec-${process.pid}`);
  const domainIndex = join(out, 'libs', 'domain', 'src', 'index.js');

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles everything once, then only what changed, and removes what no source produces', async () => {
    expect(await build(out)).toMatch(/^\[build\] \d+ files of \d+ workspaces compiled into /);
    // Nothing changed: nothing compiled, nothing printed, the compiled file untouched.
    const before = statSync(domainIndex);
    expect(await build(out)).toBe('');
    expect(statSync(domainIndex).ino).toBe(before.ino);

    // A source newer (or older) than its compiled file is compiled again, alone.
    utimesSync(domainIndex, new Date(0), new Date(0));
    expect(await build(out)).toMatch(/^\[build\] 1 of \d+ files of \d+ workspaces compiled/);
    expect(statSync(domainIndex).ino).not.toBe(before.ino);

    // A file no source produces any more (a deleted module) is removed: it must not keep resolving.
    const stale = join(out, 'libs', 'domain', 'src', 'deleted-module.js');
    writeFileSync(stale, 'module.exports = 1;\n');
    expect(await build(out)).toMatch(/1 stale removed$/);
    expect(existsSync(stale)).toBe(false);

    // Another compiler, other options or another build script: everything again.
    writeFileSync(join(out, '.build-stamp'), 'another compiler');
    expect(await build(out)).toMatch(/^\[build\] \d+ files of \d+ workspaces compiled into /);
  }, 180_000);

  it('links each workspace into the build, so plain node resolves the compiled code and the repository packages', async () => {
    await build(out);
    expect(readlinkSync(join(out, 'node_modules', '@leadline', 'service-lead-intake'))).toBe('../../libs/services/lead-intake');
    const resolve = (name: string) =>
      exec(process.execPath, ['-p', `require.resolve(${JSON.stringify(name)})`], { cwd: out }).then(({ stdout }) => stdout.trim());
    expect(relative(out, await resolve('@leadline/service-lead-intake'))).toBe('libs/services/lead-intake/src/index.js');
    expect(relative(ROOT, await resolve('@nestjs/core'))).toBe('node_modules/@nestjs/core/index.js');
  }, 120_000);

  it('npm start runs the platform from the compiled build: no transpiler in the process', async () => {
    const dir = await createTempDir('npm-start');
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...withoutNpmSettings(), PORT: String(port), PROMETHEUS_PORT: '0', DATA_DIR: dir.path, DEMO_ORG: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const child = Object.assign(npm, { output: () => output }) as TsProcess;
    let platform: number | undefined;
    try {
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            (response) => response.status === 200,
            () => false,
          ),
        { timeoutMs: 150_000, intervalMs: 500, message: () => `npm start not healthy:\n${child.output()}` },
      );
      [platform] = descendants(npm.pid ?? 0).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node');
      // Through tools/start-platform.sh: node with the embedded process's V8 flags (PLATFORM_NODE_FLAGS' default).
      expect(argumentsOf(platform)).toEqual([
        '--heap-growing-percent=30',
        '--liftoff-only',
        '--max-semi-space-size=8',
        'node_modules/.cache/leadline/start/tools/start-service.js',
        'platform',
      ]);
      // glibc's malloc arenas bounded (MALLOC_ARENA_MAX's default there).
      expect(environmentOf(platform)).toContain('MALLOC_ARENA_MAX=2');
      // SWC's native transpiler (what tools/register.cjs loads, with the TypeScript compiler) is not in the process.
      expect(readFileSync(`/proc/${platform}/maps`, 'utf8')).not.toContain('@swc');
      // The shell exec'd node: a SIGTERM to npm reaches the platform, which drains and stops cleanly.
      npm.kill('SIGTERM');
      await waitForExit(npm, 60_000);
      await waitFor(() => !existsSync(`/proc/${platform}`), { timeoutMs: 60_000, message: () => child.output() });
      expect(child.output()).toContain('Stopped cleanly');
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      if (platform && existsSync(`/proc/${platform}`)) process.kill(platform, 'SIGKILL');
      await dir.cleanup();
    }
  }, 240_000);
});
