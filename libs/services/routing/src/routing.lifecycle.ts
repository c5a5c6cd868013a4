import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { ProcessorRunner } from '@leadline/platform';
import { TimerPoller } from '@leadline/scheduling';
import { AssignLeadSubscription } from './assignment/assign-lead.subscription';
import { UnroutedSweep } from './assignment/unrouted.sweep';
import { NotificationProcessor } from './notify/notification.processor';
import type { RoutingConfig } from './routing.config';
import { migrateRouting } from './routing.schema';
import { ROUTING_CLOCK, ROUTING_CONFIG } from './routing.tokens';
import { RecycleReopenProcessor } from './recycle/recycle-reopen.processor';
import { RecycledLeadSubscription } from './recycle/recycled-lead.subscription';
import { SlaBreachProcessor } from './sla/sla-breach.processor';
import { VendorHoldsSubscription } from './vendor/vendor-holds.subscription';

/** Migrates routing's tables, registers its subscription and processors, and runs the durable timer poller. */
@Injectable()
export class RoutingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Routing');
  readonly poller: TimerPoller;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(ROUTING_CONFIG) config: RoutingConfig,
    @Inject(ROUTING_CLOCK) clock: Clock,
    private readonly processors: ProcessorRunner,
    private readonly assign: AssignLeadSubscription,
    private readonly breach: SlaBreachProcessor,
    private readonly notifier: NotificationProcessor,
    private readonly unrouted: UnroutedSweep,
    private readonly recycled: RecycledLeadSubscription,
    private readonly reopen: RecycleReopenProcessor,
    private readonly vendorHolds: VendorHoldsSubscription,
  ) {
    this.poller = new TimerPoller(db, store, clock, {
      pollIntervalMs: config.timerPollMs,
      warn: (message) => this.logger.warn(message),
    });
  }

  async onModuleInit(): Promise<void> {
    await migrateRouting(this.db);
    this.transport.subscribe(this.assign);
    this.transport.subscribe(this.recycled);
    this.transport.subscribe(this.vendorHolds);
    this.processors.register(this.breach.options());
    this.processors.register(this.reopen.options());
    this.processors.register(this.notifier.options());
  }

  onApplicationBootstrap(): void {
    this.poller.start();
    this.unrouted.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.unrouted.stop();
    await this.poller.stop();
  }
}
