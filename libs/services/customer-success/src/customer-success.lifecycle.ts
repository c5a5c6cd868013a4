import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { TimerRunner } from '@leadline/platform';
import type { CustomerSuccessConfig } from './customer-success.config';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from './customer-success.tokens';

/** Registers the renewal-window timers. */
@Injectable()
export class CustomerSuccessLifecycle implements OnModuleInit {
  constructor(
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
  ) {}

  onModuleInit(): void {
    this.timers.register(this.clock, this.config.timerPollMs);
  }
}
