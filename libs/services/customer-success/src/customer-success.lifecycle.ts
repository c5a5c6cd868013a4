import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { ProcessorRunner } from '@leadline/platform';
import { TimerPoller } from '@leadline/scheduling';
import { RenewalWindowProcessor } from './customers/renewal-window.processor';
import { WonDealSubscription } from './customers/won-deal.subscription';
import type { CustomerSuccessConfig } from './customer-success.config';
import { migrateCustomerSuccess } from './customer-success.schema';
import { CUSTOMER_SUCCESS_CLOCK, CUSTOMER_SUCCESS_CONFIG } from './customer-success.tokens';

/** Migrates the customer_success schema, registers the won-deal subscription and window projection, and runs the renewal timer poller. */
@Injectable()
export class CustomerSuccessLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CustomerSuccess');
  readonly poller: TimerPoller;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(CUSTOMER_SUCCESS_CONFIG) config: CustomerSuccessConfig,
    @Inject(CUSTOMER_SUCCESS_CLOCK) clock: Clock,
    private readonly processors: ProcessorRunner,
    private readonly won: WonDealSubscription,
    private readonly windows: RenewalWindowProcessor,
  ) {
    this.poller = new TimerPoller(db, store, clock, {
      pollIntervalMs: config.timerPollMs,
      warn: (message) => this.logger.warn(message),
    });
  }

  async onModuleInit(): Promise<void> {
    await migrateCustomerSuccess(this.db);
    this.transport.subscribe(this.won);
    this.processors.register(this.windows.options());
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
