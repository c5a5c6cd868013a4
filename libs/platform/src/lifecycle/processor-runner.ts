import { Inject, Injectable, Logger } from '@nestjs/common';
import { Processor, type ProcessorOptions, type ProcessorStatus, type SqlDatabase } from '@leadline/event-store';
import { EVENT_STORE, SQL_DATABASE } from '../platform.tokens';

/** The store a Processor reads the global log from (EVENT_STORE provides it). */
type LogStore = ConstructorParameters<typeof Processor>[1];

/**
 * Services register their processors (projections, reactions) while their modules
 * initialise; the platform starts them all once the application has bootstrapped.
 */
@Injectable()
export class ProcessorRunner {
  private readonly logger = new Logger(ProcessorRunner.name);
  private readonly processors = new Map<string, Processor>();
  private started = false;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: LogStore,
  ) {}

  register(options: ProcessorOptions): void {
    if (this.processors.has(options.id)) throw new Error(`Processor ${options.id} is registered twice`);
    if (this.started) throw new Error(`Processor ${options.id} registered after start: register it in onModuleInit`);
    this.processors.set(options.id, new Processor(this.db, this.store, options));
  }

  async start(): Promise<void> {
    this.started = true;
    for (const processor of this.processors.values()) await processor.start();
    if (this.processors.size > 0) this.logger.log(`Started processors: ${[...this.processors.keys()].join(', ')}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processors.values()].map((processor) => processor.stop()));
  }

  status(): ProcessorStatus[] {
    return [...this.processors.values()].map((processor) => processor.status());
  }
}
