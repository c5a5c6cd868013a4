import { assignmentDecider, decideAssignment, firstTouchDueAt, seedFrom, weekStartUtc, type LeadAssigned } from '@leadline/domain';
import { deriveEventId, handleCommand, type ProcessorContext } from '@leadline/event-store';
import { loadRoster } from '../roster/roster.repository';
import type { RoutingConfig } from '../routing.config';
import { clearUnrouted, recordAssignment, recordUnrouted } from './assignment.repository';
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
}

/** Picks an SDR and records LeadAssigned with its SLA timer and read-model rows, all in `ctx.tx`; false when nobody is eligible. */
export async function assignLead(ctx: ProcessorContext, config: RoutingConfig, cmd: AssignLead): Promise<boolean> {
  const { leadId, lead, at } = cmd;
  const candidates = await loadRoster(ctx.tx, weekStartUtc(at), lead.team);
  const request = { team: lead.team, territory: lead.territory, segment: lead.segment, at, seed: seedFrom(cmd.causeEventId) };
  const { decision, excluded } = decideAssignment(request, candidates);
  if (!decision) {
    await recordUnrouted(ctx.tx, {
      leadId,
      team: lead.team,
      excluded,
      at,
      causeEventId: cmd.causeEventId,
      correlationId: cmd.correlationId,
    });
    return false;
  }
  const id = deriveEventId(cmd.causeEventId, 'assigned');
  const sdrId = decision.chosenSdrId;
  const slaDueAt = lead.team === 'inbound' ? firstTouchDueAt(config.sla, lead.source, lead.segment, cmd.slaFrom) : null;
  const slaTimerId = slaDueAt ? slaTimerIdFor(id) : null;
  const assigned: LeadAssigned = {
    type: 'LeadAssigned',
    data: { leadId, sdrId, team: lead.team, source: lead.source, decision, slaDueAt, slaTimerId, assignedAt: at },
  };
  // A lead with an owner keeps it: only a stream that does not exist yet gets one.
  const { written } = await handleCommand(
    ctx,
    `assignment-${leadId}`,
    assignmentDecider,
    (_state, { version }) => (version === 0 ? [assigned] : []),
    {
      eventId: () => id,
      metadata: { leadId, correlationId: cmd.correlationId, causationId: cmd.causeEventId },
    },
  );
  if (!written) return true;
  if (slaDueAt) await scheduleSlaTimer(ctx.tx, { eventId: id, leadId, sdrId, slaDueAt, correlationId: cmd.correlationId });
  await recordAssignment(ctx.tx, id, { ...lead, leadId, sdrId, assignedAt: at, slaDueAt, slaTimerId });
  await clearUnrouted(ctx.tx, leadId);
  return true;
}
