import {
  assignmentDecider,
  decideAssignment,
  recycleResponse,
  seedFrom,
  weekStartUtc,
  type AssignmentDecision,
  type LeadReopenedForOutbound,
  type LeadSource,
  type RecycleCoolOffEnded,
  type Segment,
} from '@leadline/domain';
import { deriveEventId, handleCommand, type ProcessorContext } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { clearUnrouted, findAssignmentRow, recordReopen, recordUnrouted } from '../assignment/assignment.repository';
import { readLeadContext } from '../assignment/lead-context';
import { loadRoster } from '../roster/roster.repository';
import { markRecycle } from './recycle.repository';

export interface ReopenForOutbound {
  readonly leadId: string;
  /** The RecycleCoolOffEnded event (its id is the cool-off timer's): the reopening's id and seed derive from it. */
  readonly causeEventId: string;
  readonly correlationId: string;
  readonly at: string;
}

export type ReopenOutcome = { outcome: 'reopened'; sdrId: string } | { outcome: 'waiting' } | { outcome: 'stale'; why: string };

/**
 * A recycled lead whose cool-off ended goes to an outbound SDR by the outbound policy:
 * `LeadReopenedForOutbound` on `assignment-<leadId>` and the read models, all in `ctx.tx`. With no
 * outbound SDR eligible it waits in `routing.unrouted` (purpose 'reopen') for the sweep. Stale
 * (nothing done) when the lead is open right now or this cool-off already reopened it.
 */
export async function reopenForOutbound(ctx: ProcessorContext, cmd: ReopenForOutbound): Promise<ReopenOutcome> {
  const { leadId, causeEventId, at } = cmd;
  const { tx } = ctx;
  const id = deriveEventId(causeEventId, 'reopened');
  const seen: { outcome: ReopenOutcome; alreadyReopened: boolean; excluded?: AssignmentDecision['excluded']; location?: Location } = {
    outcome: { outcome: 'stale', why: 'no RecycleCoolOffEnded on the stream' },
    alreadyReopened: false,
  };
  const stale = (why: string): [] => {
    seen.outcome = { outcome: 'stale', why };
    return [];
  };
  const { newEvents } = await handleCommand(
    ctx,
    `assignment-${leadId}`,
    assignmentDecider,
    async (state, { history }) => {
      const cause = history.find((e) => e.id === causeEventId && e.type === 'RecycleCoolOffEnded');
      seen.alreadyReopened = history.some((e) => e.id === id);
      if (!cause) return stale('no RecycleCoolOffEnded on the stream');
      if (recycleResponse(state, seen.alreadyReopened) === 'stale')
        return stale(seen.alreadyReopened ? 'already reopened' : 'the lead is open');

      const lead = await readLeadContext(ctx.store, leadId);
      const row = lead ? null : await findAssignmentRow(tx, leadId);
      const source = lead?.source ?? row?.source ?? (state.status === 'unassigned' ? null : state.source);
      if (!source) return stale('routing knows nothing about the lead');
      const segment = lead?.segment ?? row?.segment ?? 'unknown';
      const territory = lead ? lead.territory : (row?.territory ?? null);

      const candidates = await loadRoster(tx, weekStartUtc(at), 'outbound');
      const request = { team: 'outbound' as const, territory, segment, at, seed: seedFrom(causeEventId) };
      const { decision, excluded } = decideAssignment(request, candidates);
      if (!decision) {
        seen.outcome = { outcome: 'waiting' };
        seen.excluded = excluded;
        return [];
      }
      const ended = cause.data as RecycleCoolOffEnded['data'];
      seen.location = { source, segment, territory, previousSlaTimerId: state.status === 'unassigned' ? null : state.slaTimerId };
      seen.outcome = { outcome: 'reopened', sdrId: decision.chosenSdrId };
      const reopened: LeadReopenedForOutbound = {
        type: 'LeadReopenedForOutbound',
        data: {
          leadId,
          fromSdrId: state.status === 'unassigned' ? null : state.sdrId,
          sdrId: decision.chosenSdrId,
          team: 'outbound',
          source,
          decision,
          reason: ended.reason,
          recycledAt: ended.recycledAt,
          at,
        },
      };
      return [reopened];
    },
    { eventId: () => id, metadata: { leadId, correlationId: cmd.correlationId, causationId: causeEventId } },
  );

  const { outcome } = seen;
  if (outcome.outcome === 'stale') {
    await clearUnrouted(tx, leadId, 'reopen');
    if (!seen.alreadyReopened) await markRecycle(tx, causeEventId, 'stale');
    return outcome;
  }
  if (outcome.outcome === 'waiting') {
    await recordUnrouted(tx, {
      leadId,
      team: 'outbound',
      excluded: seen.excluded ?? [],
      at,
      causeEventId,
      correlationId: cmd.correlationId,
      purpose: 'reopen',
    });
    await markRecycle(tx, causeEventId, 'waiting-for-sdr');
    return outcome;
  }
  const [reopened] = newEvents;
  const location = seen.location;
  if (reopened?.type !== 'LeadReopenedForOutbound' || !location) throw new Error(`reopening lead ${leadId} decided nothing`);
  // A first-touch timer left over from an inbound life (qualified untouched) must not fire on the new owner.
  if (location.previousSlaTimerId) await cancelTimer(tx, location.previousSlaTimerId);
  const { sdrId } = reopened.data;
  await recordReopen(tx, id, {
    leadId,
    sdrId,
    team: 'outbound',
    source: location.source,
    segment: location.segment,
    territory: location.territory,
    assignedAt: at,
    slaDueAt: null,
    slaTimerId: null,
  });
  await clearUnrouted(tx, leadId);
  await markRecycle(tx, causeEventId, 'reopened', { sdrId, at });
  return outcome;
}

interface Location {
  readonly source: LeadSource;
  readonly segment: Segment;
  readonly territory: string | null;
  readonly previousSlaTimerId: string | null;
}
