import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@leadline/domain';
import { EVENT_STORE, runInTransaction, type TransactionalStore } from '@leadline/event-store';
import { Repeater } from '@leadline/scheduling';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';
import { ActiveRoutingPolicy } from '../policy/active-policy';
import { assignLead } from './assign-lead';
import { claimUnrouted, clearUnrouted } from './assignment.repository';
import { reopenForOutbound } from '../recycle/reopen-for-outbound';
import { lockRouting } from '../roster/roster-snapshot';
import { readLeadFacts } from './lead-context';

/**
 * Leads nobody was eligible for (night, time off, full capacity) wait in `routing.unrouted`;
 * this retries them periodically, so the first SDR who becomes eligible gets them. Their SLA
 * window starts at the assignment. Recycled leads waiting for an outbound SDR (purpose 'reopen')
 * are reopened rather than assigned: they already have a stream.
 */
@Injectable()
export class UnroutedSweep {
  private readonly logger = new Logger('RoutingUnrouted');
  private readonly repeater: Repeater;

  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
    @Inject(ActiveRoutingPolicy) private readonly activePolicy: ActiveRoutingPolicy,
  ) {
    this.repeater = new Repeater(
      () => this.retry(),
      config.unroutedRetryMs,
      (error) => this.logger.warn(`unrouted retry failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  start(): void {
    this.repeater.start();
  }

  stop(): Promise<void> {
    return this.repeater.stop();
  }

  /** One pass; returns how many waiting leads got an SDR. */
  retry(): Promise<number> {
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      // Before the claim's row locks: the pass decides against one roster snapshot, under the routing lock.
      await lockRouting(tx);
      let assigned = 0;
      const deps = { config: this.config, activePolicy: this.activePolicy };
      for (const waiting of await claimUnrouted(tx, 100)) {
        if (waiting.purpose === 'reopen') {
          // A recycled lead whose cool-off ended: it HAS an assignment stream, and goes to the outbound team again.
          const at = this.clock.now().toISOString();
          if ((await reopenForOutbound(ctx, { ...waiting, at })).outcome === 'reopened') assigned += 1;
          continue;
        }
        const { context: lead, assigned: owned, assignment } = await readLeadFacts(ctx.store, waiting.leadId);
        if (!lead || owned) {
          await clearUnrouted(tx, waiting.leadId);
          continue;
        }
        const at = this.clock.now().toISOString();
        if (await assignLead(ctx, deps, { ...waiting, lead, at, slaFrom: at, stream: assignment })) assigned += 1;
      }
      return assigned;
    });
  }
}
