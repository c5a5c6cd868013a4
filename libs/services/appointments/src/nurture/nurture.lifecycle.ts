import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { ProcessorRunner } from '@leadline/platform';
import { TimerPoller } from '@leadline/scheduling';
import type { PipelineConfig } from '../opportunities/shared/pipeline.config';
import { PIPELINE_CLOCK, PIPELINE_CONFIG } from '../opportunities/shared/pipeline.tokens';
import { NurtureRecycleProcessor } from './nurture-recycle.processor';
import { migrateNurture } from './nurture.schema';

/** Migrates the nurture tables, registers the recycle processor and polls the durable year timers. */
@Injectable()
export class NurtureLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Nurture');
  readonly poller: TimerPoller;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PIPELINE_CONFIG) config: PipelineConfig,
    @Inject(PIPELINE_CLOCK) clock: Clock,
    private readonly processors: ProcessorRunner,
    private readonly recycle: NurtureRecycleProcessor,
  ) {
    this.poller = new TimerPoller(db, store, clock, {
      pollIntervalMs: config.timerPollMs,
      warn: (message) => this.logger.warn(message),
    });
  }

  async onModuleInit(): Promise<void> {
    await migrateNurture(this.db);
    this.processors.register(this.recycle.options());
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
