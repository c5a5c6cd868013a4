import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export type TsProcess = ChildProcess & { output: () => string };

/** Runs a TypeScript script in its own Node process, with the loader `npm start` uses. */
export function runTs(file: string, args: readonly string[]): TsProcess {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.cjs'), file, ...args], {
    cwd: ROOT,
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export function waitForExit(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Kills a child that is still running (test cleanup); never throws. */
export async function killIfRunning(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await waitForExit(child).catch(() => undefined);
}

/** The last `<TAG> <json>` line a script printed. */
export function lastTagged<T>(output: string, tag: string): T | undefined {
  const lines = output.split('\n').filter((line) => line.startsWith(`${tag} `));
  const last = lines[lines.length - 1];
  return last === undefined ? undefined : (JSON.parse(last.slice(tag.length + 1)) as T);
}
