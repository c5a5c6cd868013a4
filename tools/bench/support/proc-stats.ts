/**
 * What the benchmarks read about processes and the machine (Linux /proc), and the percentile
 * summary they print. Figures from a shared machine are only as good as its load: every reading
 * carries the load average.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** CPU seconds (user + system) a process has used so far (clock ticks, USER_HZ = 100). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Resident set size of a process in MiB. */
export function rssMiB(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
export function machineJiffies(): { busy: number; total: number } {
  try {
    const parts = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = parts[3] + (parts[4] ?? 0);
    const total = parts.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** The machine's busy share between two machineJiffies() readings (0..1). */
export function busyShare(from: { busy: number; total: number }, to: { busy: number; total: number }): number {
  return (to.busy - from.busy) / (to.total - from.total);
}

/** The 1-minute load average, to print next to every figure. */
export const loadAverage = (): number => loadavg()[0];

/** CPU of some processes and of the machine between `start()` and `stop()`. */
export function cpuWindow(pids: Record<string, number | undefined>) {
  const t0 = performance.now();
  const machine0 = machineJiffies();
  const load0 = loadAverage();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    stop(): CpuReading {
      const seconds = (performance.now() - t0) / 1000;
      const machine1 = machineJiffies();
      const perProcess = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, { cpuSeconds: cpuSeconds(pid) - before[name], rssMiB: rssMiB(pid) }]),
      );
      return {
        seconds,
        machineBusy: busyShare(machine0, machine1),
        loadAverage: [load0, loadAverage()],
        processes: perProcess,
      };
    },
  };
}

export interface CpuReading {
  readonly seconds: number;
  /** Share of all cores busy (any process). */
  readonly machineBusy: number;
  /** 1-minute load average at the start and the end of the window. */
  readonly loadAverage: readonly [number, number] | number[];
  readonly processes: Record<string, { cpuSeconds: number; rssMiB: number }>;
}

export interface Dist {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Nearest-rank percentiles. */
export function dist(values: readonly number[]): Dist {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

export const f1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '—');
export const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');

export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    // `--flag=value` keeps everything after the first `=` (a value may hold more, or start with `--`).
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (inline !== undefined) flags.set(key, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(key, argv[++i]);
    else flags.set(key, 'true');
  }
  return flags;
}
