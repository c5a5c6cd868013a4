import { Inject, Injectable, Logger } from '@nestjs/common';
import { settledVendorLeadResponse, type Clock } from '@leadline/domain';
import { EVENT_STORE, runInTransaction, Wakeup, type TransactionalStore } from '@leadline/event-store';
import { assignNewLeads, type AssignLead } from '../assignment/assign-lead';
import { ActiveRoutingPolicy } from '../policy/active-policy';
import { readLeadsFacts } from '../assignment/lead-context';
import { lockRouting } from '../roster/roster-snapshot';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';
import { claimReleased, releasedDone, RELEASES_CHANNEL } from './vendor-holds.repository';

/** Safety net while nothing notifies (a notification lost with a connection): pending releases are looked at this often. */
const IDLE_POLL_MS = 60_000;
/** After a failed chunk (the routing lock not had within its wait, a lost connection): try again this soon. */
const RETRY_MS = 1_000;

/**
 * Assigns the released vendor leads that a release marked `to_assign` (settleHolds), a chunk of at
 * most ROUTING_RELEASE_CHUNK leads per transaction: under the routing lock, one roster snapshot, one
 * read of the chunk's streams and one append of its LeadAssigned events (assignNewLeads: each lead
 * decided as the scored-lead path decides it; cause: its LeadScored, SLA window from the
 * assignment), and the chunk's marks cleared in the same
 * transaction. A crash loses nothing and assigns nothing twice: an uncommitted chunk leaves its
 * marks for the next one, and an assignment's id derives from its LeadScored. Woken by the
 * release's commit (NOTIFY), at start (a release left pending by a crash) and every minute.
 */
@Injectable()
export class ReleasedHoldsDrain {
  private readonly logger = new Logger('RoutingReleasedHolds');
  private readonly wakeup = new Wakeup();
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
    @Inject(ActiveRoutingPolicy) private readonly activePolicy: ActiveRoutingPolicy,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wakeup.wake();
    await this.loop;
  }

  /** Chunks until no released hold is left to assign (or the drain is stopped); returns how many holds were dealt with. */
  async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const chunk = await this.drainChunk();
      done += chunk;
      if (chunk < this.config.releaseChunk || this.stopping) return done;
    }
  }

  /** One chunk in one transaction; returns how many released holds it dealt with (assigned, queued as unrouted or found routed). */
  drainChunk(): Promise<number> {
    return runInTransaction(this.store, async (ctx) => {
      // Before the claim's row locks, like every path that writes hold rows; the chunk decides against one roster snapshot.
      await lockRouting(ctx.tx);
      const holds = await claimReleased(ctx.tx, this.config.releaseChunk);
      if (holds.length === 0) return 0;
      const facts = await readLeadsFacts(
        ctx.store,
        holds.map((h) => h.leadId),
      );
      const at = this.clock.now().toISOString();
      const cmds: AssignLead[] = [];
      for (const hold of holds) {
        const { context: lead, assigned: routed } = facts.get(hold.leadId) ?? { context: null, assigned: false };
        if (!lead || settledVendorLeadResponse({ status: 'released', scored: true, routed }) !== 'assign') continue;
        const { leadId, scoreEventId: causeEventId } = hold;
        // The SLA window (inbound leads) starts at the assignment, like a lead that waited for an SDR.
        cmds.push({ leadId, lead, causeEventId, correlationId: hold.correlationId ?? leadId, at, slaFrom: at, stream: [] });
      }
      const assigned = await assignNewLeads(ctx, { config: this.config, activePolicy: this.activePolicy }, cmds);
      cmds.forEach(({ leadId, lead }, i) => {
        if (!assigned[i]) this.logger.warn(`Released vendor lead ${leadId} has no eligible ${lead.team} SDR; queued in routing.unrouted`);
      });
      await releasedDone(
        ctx.tx,
        holds.map((h) => h.leadId),
      );
      return holds.length;
    });
  }

  private async run(): Promise<void> {
    const unlisten = await this.store.db
      .listen(RELEASES_CHANNEL, () => this.wakeup.wake())
      .catch((error: unknown) => {
        this.warn(error);
        return undefined;
      });
    try {
      while (this.running) {
        let delay = IDLE_POLL_MS;
        this.wakeup.clear();
        try {
          await this.drain();
        } catch (error) {
          this.warn(error);
          delay = RETRY_MS;
        }
        if (this.running) await this.wakeup.sleep(delay);
      }
    } finally {
      await unlisten?.();
    }
  }

  private warn(error: unknown): void {
    this.logger.warn(`released vendor leads: ${error instanceof Error ? error.message : String(error)}`);
  }
}
