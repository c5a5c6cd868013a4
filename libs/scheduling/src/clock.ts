import type { Clock } from '@leadline/domain';

export const systemClock: Clock = { now: () => new Date() };

/** Virtual time for tests and simulations: it moves only when told to. */
export class VirtualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
