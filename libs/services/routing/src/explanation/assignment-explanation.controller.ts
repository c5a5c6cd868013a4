import { findSdrProfile } from '../roster/roster.repository';
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { activeRoutingPolicy } from '../policy/active-policy';
import {
  explainDecision,
  replayDecision,
  type AssignmentDecision,
  type LeadAssigned,
  type LeadReassigned,
  type LeadReopenedForOutbound,
} from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { findUnrouted } from '../assignment/assignment.repository';
import { latestRecycle } from '../recycle/recycle.repository';
import { findHold } from '../vendor/vendor-holds.repository';
import { teamScoped, assertManagesTeamOf, ApiRoute, assertMayRead, Caller, Roles, type Principal } from '@leadline/platform';
import { AssignmentExplanationDto } from './assignment-explanation.dto';

type StepType = 'LeadAssigned' | 'LeadReassigned' | 'LeadReopenedForOutbound';

interface ExplainedStep {
  readonly eventId: string;
  readonly type: StepType;
  readonly sdrId: string;
  readonly at: string;
  readonly explanation: string;
  /** Re-running the recorded pool and seed through the policy gives the same SDR. */
  readonly replayMatches: boolean;
  readonly decision: AssignmentDecision;
}

/** Why the lead has no (new) SDR right now; null when nothing holds it back. */
type Waiting =
  | {
      readonly reason: 'vendor-hold' | 'vendor-archived';
      readonly vendorId: string | null;
      readonly listId: string | null;
      readonly since: string;
      readonly explanation: string;
    }
  | {
      readonly reason: 'recycle-cool-off';
      readonly recycledAt: string;
      readonly availableToOutboundAt: string;
      readonly explanation: string;
    }
  | {
      readonly reason: 'no-eligible-sdr';
      readonly team: string;
      readonly since: string;
      readonly excluded: AssignmentDecision['excluded'];
      readonly explanation: string;
    };

interface Explanation {
  readonly leadId: string;
  /** Null while the lead waits for its first SDR. */
  readonly currentSdrId: string | null;
  readonly steps: ExplainedStep[];
  readonly waiting: Waiting | null;
}

const STEP_TYPES: readonly string[] = ['LeadAssigned', 'LeadReassigned', 'LeadReopenedForOutbound'];

function stepAt(data: LeadAssigned['data'] | LeadReassigned['data'] | LeadReopenedForOutbound['data']): string {
  if ('assignedAt' in data) return data.assignedAt;
  if ('reassignedAt' in data) return data.reassignedAt;
  return data.at;
}

function prefix(type: string, data: object): string {
  if (type === 'LeadReassigned') return 'Reassigned after a first-touch SLA breach: ';
  if (type === 'LeadReopenedForOutbound') {
    const reopened = data as LeadReopenedForOutbound['data'];
    return `Recycled on ${reopened.recycledAt} (${reopened.reason}); after the cool-off it went back to the outbound team: `;
  }
  return '';
}

/**
 * Why a lead's SDR got it: every (re)assignment decision, with its pool, loads, seed and a replay
 * check; and why it waits, when it does (vendor hold, recycle cool-off, nobody eligible).
 */
@ApiTags('routing')
@Controller('leads/:id/assignment-explanation')
export class AssignmentExplanationController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  @Get()
  @Roles('sales-ops', 'manager', 'rep', 'analyst')
  @ApiRoute({
    summary: "Why the lead's SDR got it (every decision, replayed) and why it waits, when it does",
    ok: AssignmentExplanationDto,
    errors: [[404, 'The lead has not been assigned and nothing holds it back.']],
  })
  async explain(@Param('id') leadId: string, @Caller() caller: Principal): Promise<Explanation> {
    const events = await this.store.readStream(`assignment-${leadId}`);
    const { rules } = await activeRoutingPolicy(this.store);
    const steps: ExplainedStep[] = events
      .filter((e) => STEP_TYPES.includes(e.type))
      .map((e) => {
        const data = e.data as LeadAssigned['data'] | LeadReassigned['data'] | LeadReopenedForOutbound['data'];
        return {
          eventId: e.id,
          type: e.type as StepType,
          sdrId: data.sdrId,
          at: stepAt(data),
          explanation: prefix(e.type, data) + explainDecision(data.decision, rules),
          replayMatches: replayDecision(data.decision, rules) === data.sdrId,
          decision: data.decision,
        };
      });
    const waiting = await this.waiting(leadId, steps.length > 0);
    if (steps.length === 0 && !waiting) throw new NotFoundException(`lead ${leadId} has not been assigned`);
    const currentSdrId = steps.length > 0 ? steps[steps.length - 1].sdrId : null;
    // A rep reads why its own lead came to it; a waiting lead is nobody's yet.
    assertMayRead(caller, currentSdrId, `lead ${leadId}`);
    if (currentSdrId && teamScoped(caller)) {
      assertManagesTeamOf(caller, (await findSdrProfile(this.db, currentSdrId))?.managerEmail, `lead ${leadId}`);
    }
    return { leadId, currentSdrId, steps, waiting };
  }

  private async waiting(leadId: string, assigned: boolean): Promise<Waiting | null> {
    const hold = assigned ? null : await findHold(this.db, leadId);
    if (hold && hold.status !== 'released') {
      const list = `vendor ${hold.vendorId ?? '?'}'s list ${hold.listId ?? '?'}`;
      return hold.status === 'held'
        ? {
            reason: 'vendor-hold',
            vendorId: hold.vendorId,
            listId: hold.listId,
            since: hold.heldSince,
            explanation: `Held with ${list}: a list vendor's leads wait until appointments releases them (the sample, or the rest once the vendor is approved).`,
          }
        : {
            reason: 'vendor-archived',
            vendorId: hold.vendorId,
            listId: hold.listId,
            since: hold.settledAt ?? hold.heldSince,
            explanation: `Archived with ${list}: the vendor was rejected by its sample test; the lead is never assigned.`,
          };
    }
    const unrouted = await findUnrouted(this.db, leadId);
    if (unrouted) {
      const what = unrouted.purpose === 'reopen' ? 'Recycled and out of its cool-off, it waits' : 'Waits';
      return {
        reason: 'no-eligible-sdr',
        team: unrouted.team,
        since: unrouted.since,
        excluded: unrouted.excluded,
        explanation: `${what} for an eligible ${unrouted.team} SDR (${unrouted.excluded.length} excluded); it is offered again periodically.`,
      };
    }
    const recycle = await latestRecycle(this.db, leadId);
    if (recycle?.status === 'cooling-off') {
      return {
        reason: 'recycle-cool-off',
        recycledAt: recycle.recycledAt,
        availableToOutboundAt: recycle.availableToOutboundAt,
        explanation: `Recycled on ${recycle.recycledAt} (${recycle.reason}); outbound SDRs get it at ${recycle.availableToOutboundAt}.`,
      };
    }
    return null;
  }
}
