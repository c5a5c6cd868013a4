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
import { startInBackground } from './background-start';

/**
 * Starts the timers once every module is ready, and the Kafka relays (one per service that owns
 * categories) in the background (they need Kafka, the HTTP server must not wait for them: what is
 * appended meanwhile waits in the store's log and is sent once a relay runs); on shutdown stops the
 * reactions, the relays and the timers, each finishing and checkpointing the batch in hand, before
 * the database closes.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  private readonly stopping = new AbortController();
  private relayStarting: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(KAFKA_RELAY) private readonly relays: readonly KafkaRelay[],
    private readonly reactions: EventLogServer,
    private readonly timers: TimerRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timers.start();
    const starting = this.relays.map((relay) =>
      startInBackground(`Kafka relay ${relay.name}`, () => relay.start(), this.stopping.signal, this.logger).then(() =>
        this.logger.log(`Kafka relay ${relay.name} sending ${relay.topics.join(', ')}`),
      ),
    );
    this.relayStarting = Promise.all(starting).then(() => undefined);
    this.relayStarting.catch(() => undefined);
  }

  /** Resolves once every Kafka relay runs (at once without one); rejects when stopped first. */
  relayStarted(): Promise<void> {
    return this.relayStarting;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
    this.stopping.abort();
    await this.reactions.close();
    await Promise.all(this.relays.map((relay) => relay.stop()));
    await this.timers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
