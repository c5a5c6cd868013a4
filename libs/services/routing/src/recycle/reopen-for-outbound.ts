import {
  decideAssignment,
  foldAssignment,
  recycleResponse,
  seedFrom,
  weekStartUtc,
  type AssignmentEvent,
  type LeadReopenedForOutbound,
  type RecycleCoolOffEnded,
} from '@leadline/domain';
import { deriveEventId, type ProcessorContext } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { clearUnrouted, findAssignmentRow, recordReopen, recordUnrouted } from '../assignment/assignment.repository';
import { readLeadContext } from '../assignment/lead-context';
import { loadRoster } from '../roster/roster.repository';
import { asDomainEvent } from '../shared/recorded.util';
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
  const { tx, store } = ctx;
  const streamId = `assignment-${leadId}`;
  const history = await store.readStream(streamId);
  const cause = history.find((e) => e.id === causeEventId && e.type === 'RecycleCoolOffEnded');
  const id = deriveEventId(causeEventId, 'reopened');
  const alreadyReopened = history.some((e) => e.id === id);
  const state = foldAssignment(history.map((e) => asDomainEvent<AssignmentEvent>(e)));
  const stale = async (why: string): Promise<ReopenOutcome> => {
    await clearUnrouted(tx, leadId, 'reopen');
    if (!alreadyReopened) await markRecycle(tx, causeEventId, 'stale');
    return { outcome: 'stale', why };
  };
  if (!cause) return stale('no RecycleCoolOffEnded on the stream');
  if (recycleResponse(state, alreadyReopened) === 'stale') return stale(alreadyReopened ? 'already reopened' : 'the lead is open');

  const lead = await readLeadContext(store, leadId);
  const row = lead ? null : await findAssignmentRow(tx, leadId);
  const source = lead?.source ?? row?.source ?? (state.status === 'unassigned' ? null : state.source);
  if (!source) return stale('routing knows nothing about the lead');
  const segment = lead?.segment ?? row?.segment ?? 'unknown';
  const territory = lead ? lead.territory : (row?.territory ?? null);

  const candidates = await loadRoster(tx, weekStartUtc(at), 'outbound');
  const request = { team: 'outbound' as const, territory, segment, at, seed: seedFrom(causeEventId) };
  const { decision, excluded } = decideAssignment(request, candidates);
  if (!decision) {
    await recordUnrouted(tx, { leadId, team: 'outbound', excluded, at, causeEventId, correlationId: cmd.correlationId, purpose: 'reopen' });
    await markRecycle(tx, causeEventId, 'waiting-for-sdr');
    return { outcome: 'waiting' };
  }

  const ended = cause.data as RecycleCoolOffEnded['data'];
  const sdrId = decision.chosenSdrId;
  // A first-touch timer left over from an inbound life (qualified untouched) must not fire on the new owner.
  if (state.status !== 'unassigned' && state.slaTimerId) await cancelTimer(tx, state.slaTimerId);
  const reopened: LeadReopenedForOutbound = {
    type: 'LeadReopenedForOutbound',
    data: {
      leadId,
      fromSdrId: state.status === 'unassigned' ? null : state.sdrId,
      sdrId,
      team: 'outbound',
      source,
      decision,
      reason: ended.reason,
      recycledAt: ended.recycledAt,
      at,
    },
  };
  const metadata = { leadId, correlationId: cmd.correlationId, causationId: causeEventId };
  await store.appendToStream(streamId, [{ id, ...reopened, metadata }], { expectedVersion: history[history.length - 1].streamVersion });
  await recordReopen(tx, id, {
    leadId,
    sdrId,
    team: 'outbound',
    source,
    segment,
    territory,
    assignedAt: at,
    slaDueAt: null,
    slaTimerId: null,
  });
  await clearUnrouted(tx, leadId);
  await markRecycle(tx, causeEventId, 'reopened', { sdrId, at });
  return { outcome: 'reopened', sdrId };
}
