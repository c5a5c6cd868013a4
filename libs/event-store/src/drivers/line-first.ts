import { AsyncLocalStorage } from 'node:async_hooks';

const offTheLine = new AsyncLocalStorage<true>();

/**
 * Runs `fn`, and everything it starts, as work off the line: a reader nobody waits for at once (a read model, a
 * shadow, a notification). On PGlite's one connection its statements and transactions let the line's go first
 * (LineFirstGate); on a PostgreSQL server, where each has a connection of its own, nothing changes.
 */
export function runOffTheLine<T>(fn: () => Promise<T>): Promise<T> {
  return offTheLine.run(true, fn);
}

export function isOffTheLine(): boolean {
  return offTheLine.getStore() === true;
}

/**
 * One turn at a time on a connection, the line's first: when the connection frees, a statement or transaction
 * of the line that waits goes ahead of every one off the line (runOffTheLine), each kind in arrival order. Work
 * off the line that has waited `maxWaitMs` goes first all the same, so a saturated line never starves it. With
 * only work off the line waiting, the pick waits one event-loop turn, so a line step just woken by the commit
 * that freed the connection (its first statement yields a turn before it queues) is not put behind it.
 */
export class LineFirstGate {
  private busy = false;
  private readonly line: Array<() => void> = [];
  private readonly offLine: Array<{ readonly since: number; readonly go: () => void }> = [];

  constructor(private readonly maxWaitMs: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) {
      await new Promise<void>((go) => (isOffTheLine() ? this.offLine.push({ since: Date.now(), go }) : this.line.push(go)));
    } else {
      this.busy = true;
    }
    try {
      return await fn();
    } finally {
      this.next();
    }
  }

  /** Hands the connection on (busy stays true while a pick is pending), or frees it. */
  private next(): void {
    const aged = this.offLine[0] && Date.now() - this.offLine[0].since >= this.maxWaitMs;
    if (aged) return this.offLine.shift()?.go();
    if (this.line.length > 0) return this.line.shift()?.();
    if (this.offLine.length === 0) {
      this.busy = false;
      return;
    }
    setImmediate(() => (this.line.length > 0 ? this.line.shift()?.() : this.offLine.shift()?.go()));
  }
}
