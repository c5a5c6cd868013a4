import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { TimerRunner } from '@leadline/platform';
import { UnroutedSweep } from './assignment/unrouted.sweep';
import type { RoutingConfig } from './routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from './routing.tokens';
import { ReleasedHoldsDrain } from './vendor/released-holds.drain';

/** Registers its SLA and cool-off timers, and runs the unrouted sweep and the drain of released vendor leads. */
@Injectable()
export class RoutingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
    private readonly unrouted: UnroutedSweep,
    private readonly released: ReleasedHoldsDrain,
  ) {}

  onModuleInit(): void {
    this.timers.register(this.clock, this.config.timerPollMs);
  }

  onApplicationBootstrap(): void {
    this.unrouted.start();
    this.released.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.unrouted.stop(), this.released.stop()]);
  }
}
