import { assignmentDecider, assignOutcome, seedFrom, type AssignOutcome } from '@leadline/domain';
import { deriveEventId, handleCommand, oncePerTransaction, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import { activeRoutingPolicy } from '../policy/active-policy';
import { lockRouting, rosterSnapshot } from '../roster/roster-snapshot';
import type { RoutingConfig } from '../routing.config';
import { recordAssignment, recordUnrouted } from './assignment.repository';
import type { LeadContext } from './lead-context';
import { scheduleSlaTimer, slaTimerIdFor } from './sla-timer';

export interface AssignLead {
  readonly leadId: string;
  readonly lead: LeadContext;
  /** The LeadScored event: the assignment's id and seed derive from it, so a redelivery decides the same. */
  readonly causeEventId: string;
  readonly correlationId: string;
  readonly at: string;
  /** When the first-touch window starts: the capture, or the assignment time for a lead that waited for an SDR. */
  readonly slaFrom: string;
  /** The lead's `assignment-<leadId>` stream as this transaction has just read it (readLeadFacts): not read again. */
  readonly stream?: readonly RecordedEvent[];
}

/**
 * Lets the assignment decider pick an SDR (`AssignLead`) from the transaction's roster snapshot
 * (read once under the routing lock, so the leads of a chunk are decided one after another as if
 * each had read the roster), and records LeadAssigned with its SLA timer and read-model rows, all
 * in `ctx.tx`; false when nobody is eligible (the lead waits in `routing.unrouted`).
 */
export async function assignLead(ctx: ProcessorContext, config: RoutingConfig, cmd: AssignLead): Promise<boolean> {
  const { leadId, lead, at } = cmd;
  await lockRouting(ctx.tx);
  const id = deriveEventId(cmd.causeEventId, 'assigned');
  const candidates = (await rosterSnapshot(ctx.tx, at)).candidates(lead.team);
  // The leads of one delivery chunk are routed under one reading of the active policy.
  const { policy } = await oncePerTransaction(ctx.tx, 'routing.active-policy', () => activeRoutingPolicy(ctx.store));
  const data = {
    leadId,
    policy,
    team: lead.team,
    source: lead.source,
    segment: lead.segment,
    territory: lead.territory,
    at,
    slaFrom: cmd.slaFrom,
    seed: seedFrom(cmd.causeEventId),
    candidates,
    sla: config.sla,
    slaTimerId: slaTimerIdFor(id),
  };
  const seen: { outcome: AssignOutcome } = { outcome: { kind: 'already-assigned' } };
  const { written, newEvents } = await handleCommand(
    ctx,
    `assignment-${leadId}`,
    assignmentDecider,
    (state) => {
      seen.outcome = assignOutcome(data, state);
      return assignmentDecider.decide({ type: 'AssignLead', data }, state);
    },
    { eventId: () => id, metadata: { leadId, correlationId: cmd.correlationId, causationId: cmd.causeEventId }, history: cmd.stream },
  );
  const { outcome } = seen;
  if (outcome.kind === 'waiting') {
    const { causeEventId, correlationId } = cmd;
    await recordUnrouted(ctx.tx, { leadId, team: lead.team, excluded: outcome.excluded, at, causeEventId, correlationId });
    return false;
  }
  const [assigned] = newEvents;
  if (!written || assigned?.type !== 'LeadAssigned') return true;
  const { sdrId, slaDueAt, slaTimerId } = assigned.data;
  if (slaDueAt) await scheduleSlaTimer(ctx.tx, { eventId: id, leadId, sdrId, slaDueAt, correlationId: cmd.correlationId });
  // Also takes the lead off the waiting queue, and counts it in the roster snapshot.
  await recordAssignment(ctx.tx, id, { ...lead, leadId, sdrId, assignedAt: at, slaDueAt, slaTimerId });
  return true;
}
