import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** A child process whose combined stdout + stderr is collected. */
export type TsProcess = ChildProcess & { output: () => string };

/**
 * Runs a TypeScript entry point in its own Node process with the loader the tools and benchmarks use
 * (tools/register.cjs: SWC + decorator metadata + tsconfig paths; `npm start` runs its compiled build instead). `env` is added to this
 * process's environment.
 */
export function runTs(file: string, args: readonly string[] = [], env: Record<string, string | undefined> = {}): TsProcess {
  return runNode(['-r', join(ROOT, 'tools', 'register.cjs'), file, ...args], { env });
}

/** Runs `node <args>` (plain node, no loader) in `cwd` (default: the repository). */
export function runNode(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): TsProcess {
  return runCommand(process.execPath, args, options);
}

/** Runs `command <args>` (e.g. `sh` and an entry script that execs node) as runNode runs node: same environment, output collected. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): TsProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    // A free Prometheus port unless the test names one: many processes of a run would all want 9464.
    env: { PROMETHEUS_PORT: '0', ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** Resolves with the exit code (null when killed by a signal); rejects after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs = 60_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Resolves once the child's output contains `text`; rejects on timeout or if it exits first. */
export function waitForOutput(child: TsProcess, text: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (child.output().includes(text)) finish();
    };
    const onExit = () =>
      setTimeout(() => {
        check();
        finish(new Error(`process exited before printing "${text}"; output:\n${child.output()}`));
      }, 50);
    const timer = setTimeout(() => finish(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${child.output()}`)), timeoutMs);
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    if (child.exitCode !== null || child.signalCode !== null) onExit();
    else child.once('exit', onExit);
    check();
  });
}

/** Kills a child that is still running (test cleanup); never throws. */
export async function killIfRunning(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await waitForExit(child, 30_000).catch(() => undefined);
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not allocate a free port'))));
    });
  });
}

/** A running process's command line after the program (`/proc/<pid>/cmdline`, Linux): its arguments, flags first. */
export function argumentsOf(pid: number | undefined): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
}

/** A running process's environment as `NAME=value` entries (`/proc/<pid>/environ`, Linux). */
export function environmentOf(pid: number | undefined): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}
