import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { EVENT_TRANSPORT, type EventTransport } from '@leadline/messaging';
import { TimerPoller } from '@leadline/scheduling';
import type { AppointmentsConfig } from './appointments.config';
import { migrateAppointments } from './appointments.schema';
import { APPOINTMENTS_CLOCK, APPOINTMENTS_CONFIG } from './appointments.tokens';
import { HunterOpenDealsSubscription } from './leads/hunter-open-deals.subscription';
import { QualifiedLeadsSubscription } from './leads/qualified-leads.subscription';

/** Migrates the booking tables, subscribes to qualified leads and closed deals, and fires reminder timers. */
@Injectable()
export class AppointmentsLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Appointments');
  readonly poller: TimerPoller;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(APPOINTMENTS_CONFIG) config: AppointmentsConfig,
    @Inject(APPOINTMENTS_CLOCK) clock: Clock,
    private readonly qualified: QualifiedLeadsSubscription,
    private readonly openDeals: HunterOpenDealsSubscription,
  ) {
    this.poller = new TimerPoller(db, store, clock, {
      pollIntervalMs: config.timerPollMs,
      warn: (message) => this.logger.warn(message),
    });
  }

  async onModuleInit(): Promise<void> {
    await migrateAppointments(this.db);
    this.transport.subscribe(this.qualified);
    this.transport.subscribe(this.openDeals);
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
