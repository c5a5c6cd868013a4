import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import type { TransactionalStore } from '@leadline/event-store';
import { TimerPoller } from '@leadline/scheduling';
import { EVENT_STORE } from '../platform.tokens';

/**
 * The process's one timer poller: services register the clock their timers run on while their
 * modules initialise, the platform starts it once the application has bootstrapped. Every poller
 * fires every service's due timers (they share `scheduling.timers`), so one per clock is enough;
 * normally there is one clock, a test on virtual time brings its own.
 */
@Injectable()
export class TimerRunner {
  private readonly logger = new Logger('Timers');
  private readonly intervals = new Map<Clock, number>();
  private readonly pollers = new Map<Clock, TimerPoller>();

  constructor(@Inject(EVENT_STORE) private readonly store: TransactionalStore) {}

  /** Polls `clock`'s timers at least every `pollIntervalMs` (the shortest interval asked for wins). */
  register(clock: Clock, pollIntervalMs: number): void {
    if (this.pollers.has(clock)) throw new Error('Timers registered after start: register them in onModuleInit');
    this.intervals.set(clock, Math.min(pollIntervalMs, this.intervals.get(clock) ?? Number.POSITIVE_INFINITY));
  }

  /** The clock the process's timers run on (the first registered); undefined without timers. */
  get clock(): Clock | undefined {
    return this.intervals.keys().next().value;
  }

  start(): void {
    for (const clock of this.intervals.keys()) this.pollerOf(clock).start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
  }

  /** One pass on every clock now (tests move a virtual clock, then fire what fell due); returns how many fired. */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (const clock of this.intervals.keys()) fired += await this.pollerOf(clock).fireDue();
    return fired;
  }

  private pollerOf(clock: Clock): TimerPoller {
    let poller = this.pollers.get(clock);
    if (!poller) {
      poller = new TimerPoller(this.store.db, this.store, clock, {
        pollIntervalMs: this.intervals.get(clock),
        warn: (message) => this.logger.warn(message),
      });
      this.pollers.set(clock, poller);
    }
    return poller;
  }
}
