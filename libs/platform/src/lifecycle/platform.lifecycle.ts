import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import type { KafkaRelay } from '@leadline/messaging';
import { KAFKA_RELAY, SQL_DATABASE } from '../platform.tokens';
import { EventLogServer } from '../reactions/event-log.server';
import { TimerRunner } from '../timers/timer-runner';

/**
 * Starts the timers and the Kafka relay once every module is ready (the relay first, so the topics
 * exist before the reactions' consumers subscribe at startAllMicroservices); on shutdown stops the
 * reactions, the relay and the timers before the database closes.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(KAFKA_RELAY) private readonly relay: KafkaRelay | null,
    private readonly reactions: EventLogServer,
    private readonly timers: TimerRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timers.start();
    await this.relay?.start();
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
    await this.reactions.close();
    await this.relay?.stop();
    await this.timers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
