import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import type { EventTransport, KafkaRelay } from '@leadline/messaging';
import { startMessaging, stopMessaging } from '../infrastructure.providers';
import { EVENT_TRANSPORT, KAFKA_RELAY, SQL_DATABASE } from '../platform.tokens';
import { TimerRunner } from '../timers/timer-runner';
import { ProcessorRunner } from './processor-runner';

/** Starts what reads the log after every module is ready; on shutdown stops it before the database closes. */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(KAFKA_RELAY) private readonly relay: KafkaRelay | null,
    private readonly processors: ProcessorRunner,
    private readonly timers: TimerRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.processors.start();
    this.timers.start();
    await startMessaging(this.transport, this.relay);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
    await stopMessaging(this.transport, this.relay);
    await this.timers.stop();
    await this.processors.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
