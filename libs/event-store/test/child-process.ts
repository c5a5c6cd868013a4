import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a TypeScript file in a new Node process (the same loader `npm start` uses). */
export function runTs(file: string, args: readonly string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.cjs'), file, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export function waitForOutput(child: ReturnType<typeof runTs>, text: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${child.output()}`)), timeoutMs);
    const check = () => {
      if (child.output().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', () => {
      check();
      setTimeout(() => reject(new Error(`exited before "${text}"; output:\n${child.output()}`)), 50);
    });
    check();
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
