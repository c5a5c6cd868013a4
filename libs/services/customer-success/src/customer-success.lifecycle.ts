import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { ProcessorRunner, TimerRunner } from '@leadline/platform';
import { RenewalWindowProcessor } from './customers/renewal-window.processor';
import { WonDealSubscription } from './customers/won-deal.subscription';
import type { CustomerSuccessConfig } from './customer-success.config';
import { migrateCustomerSuccess } from './customer-success.schema';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from './customer-success.tokens';

/** Migrates the customer_success schema, registers the won-deal subscription, the window projection and the renewal timers. */
@Injectable()
export class CustomerSuccessLifecycle implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CUSTOMER_SUCCESS_CONFIG) private readonly config: CustomerSuccessConfig,
    @Inject(CUSTOMER_SUCCESS_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
    private readonly processors: ProcessorRunner,
    private readonly won: WonDealSubscription,
    private readonly windows: RenewalWindowProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateCustomerSuccess(this.db);
    this.transport.subscribe(this.won);
    this.processors.register(this.windows.options());
    this.timers.register(this.clock, this.config.timerPollMs);
  }
}
