import type { Clock } from '@leadline/domain';

export const systemClock: Clock = { now: () => new Date() };

/** Virtual time for tests and simulations: it moves only when told to (and tells who watches it). */
export class VirtualClock implements Clock {
  private current: number;
  private readonly watchers = new Set<() => void>();

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    this.current += ms;
    this.moved();
    return this.now();
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
    this.moved();
  }

  /** Calls `watcher` whenever the time is moved; returns the unsubscribe. */
  watch(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private moved(): void {
    this.watchers.forEach((watcher) => watcher());
  }
}

/** Calls `onChange` when a clock that can jump (a VirtualClock) is moved; returns the unsubscribe. */
export function onClockChange(clock: Clock, onChange: () => void): () => void {
  return clock instanceof VirtualClock ? clock.watch(onChange) : () => undefined;
}
