import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { TimerRunner } from '@leadline/platform';
import type { CustomerSuccessConfig } from './customer-success.config';
import { migrateCustomerSuccess } from './customer-success.schema';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from './customer-success.tokens';

/** Migrates the customer_success schema and registers the renewal-window timers. */
@Injectable()
export class CustomerSuccessLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateCustomerSuccess(this.db);
    this.timers.register(this.clock, this.config.timerPollMs);
  }
}
