import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';
import { assignLead } from './assign-lead';
import { claimUnrouted, clearUnrouted } from './assignment.repository';
import { reopenForOutbound } from '../recycle/reopen-for-outbound';
import { readLeadContext } from './lead-context';

/**
 * Leads nobody was eligible for (night, time off, full capacity) wait in `routing.unrouted`;
 * this retries them periodically, so the first SDR who becomes eligible gets them. Their SLA
 * window starts at the assignment. Recycled leads waiting for an outbound SDR (purpose 'reopen')
 * are reopened rather than assigned: they already have a stream.
 */
@Injectable()
export class UnroutedSweep {
  private readonly logger = new Logger('RoutingUnrouted');
  private handle: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.handle) clearTimeout(this.handle);
    await this.pass.catch(() => undefined);
  }

  /** One pass; returns how many waiting leads got an SDR. */
  retry(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ctx = { tx, store: this.store.inTransaction(tx) };
      let assigned = 0;
      for (const waiting of await claimUnrouted(tx, 100)) {
        if (waiting.purpose === 'reopen') {
          // A recycled lead whose cool-off ended: it HAS an assignment stream, and goes to the outbound team again.
          const at = this.clock.now().toISOString();
          if ((await reopenForOutbound(ctx, { ...waiting, at })).outcome === 'reopened') assigned += 1;
          continue;
        }
        const lead = await readLeadContext(ctx.store, waiting.leadId);
        if (!lead || (await ctx.store.readStream(`assignment-${waiting.leadId}`, { maxCount: 1 })).length > 0) {
          await clearUnrouted(tx, waiting.leadId);
          continue;
        }
        const at = this.clock.now().toISOString();
        if (await assignLead(ctx, this.config, { ...waiting, lead, at, slaFrom: at })) assigned += 1;
      }
      return assigned;
    });
  }

  private schedule(): void {
    if (!this.running) return;
    this.handle = setTimeout(() => {
      this.pass = this.retry()
        .catch((error: unknown) => this.logger.warn(`unrouted retry failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.config.unroutedRetryMs);
  }
}
