import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { SQL_DATABASE, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { ProcessorRunner, TimerRunner } from '@leadline/platform';
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

/** Migrates routing's tables, registers its subscription, processors and timers, and runs the unrouted sweep. */
@Injectable()
export class RoutingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
    private readonly timers: TimerRunner,
    private readonly processors: ProcessorRunner,
    private readonly assign: AssignLeadSubscription,
    private readonly breach: SlaBreachProcessor,
    private readonly notifier: NotificationProcessor,
    private readonly unrouted: UnroutedSweep,
    private readonly recycled: RecycledLeadSubscription,
    private readonly reopen: RecycleReopenProcessor,
    private readonly vendorHolds: VendorHoldsSubscription,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateRouting(this.db);
    this.transport.subscribe(this.assign);
    this.transport.subscribe(this.recycled);
    this.transport.subscribe(this.vendorHolds);
    this.processors.register(this.breach.options());
    this.processors.register(this.reopen.options());
    this.processors.register(this.notifier.options());
    this.timers.register(this.clock, this.config.timerPollMs);
  }

  onApplicationBootstrap(): void {
    this.unrouted.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.unrouted.stop();
  }
}
