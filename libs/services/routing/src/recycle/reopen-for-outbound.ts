import {
  assignmentDecider,
  reopenOutcome,
  seedFrom,
  type RecycleCoolOffEnded,
  type ReopenForOutboundData,
  type ReopenOutcome as DecidedReopen,
} from '@leadline/domain';
import { deriveEventId, handleCommand, type ProcessorContext } from '@leadline/event-store';
import { cancelTimer } from '@leadline/scheduling';
import { clearUnrouted, findAssignmentRow, recordReopen, recordUnrouted } from '../assignment/assignment.repository';
import { readLeadContext } from '../assignment/lead-context';
import { activeRoutingPolicy } from '../policy/active-policy';
import { lockRouting, rosterSnapshot } from '../roster/roster-snapshot';
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
 * A recycled lead whose cool-off ended: reads the cool-off on the lead's stream, the lead's context
 * and the outbound roster, lets the assignment decider reopen it (`ReopenForOutbound`), and records
 * `LeadReopenedForOutbound` on `assignment-<leadId>` with the read models, all in `ctx.tx`. With no
 * outbound SDR eligible it waits in `routing.unrouted` (purpose 'reopen') for the sweep. Stale
 * (nothing done) when the lead is open right now or this cool-off already reopened it.
 */
export async function reopenForOutbound(ctx: ProcessorContext, cmd: ReopenForOutbound): Promise<ReopenOutcome> {
  const { leadId, causeEventId, at } = cmd;
  const { tx } = ctx;
  await lockRouting(tx);
  const id = deriveEventId(causeEventId, 'reopened');
  const seen: { decided: DecidedReopen; alreadyReopened: boolean } = {
    decided: { kind: 'stale', why: 'no RecycleCoolOffEnded on the stream' },
    alreadyReopened: false,
  };
  const { newEvents } = await handleCommand(
    ctx,
    `assignment-${leadId}`,
    assignmentDecider,
    async (state, { history }) => {
      const cause = history.find((e) => e.id === causeEventId && e.type === 'RecycleCoolOffEnded');
      seen.alreadyReopened = history.some((e) => e.id === id);
      const lead = await readLeadContext(ctx.store, leadId);
      const row = lead ? null : await findAssignmentRow(tx, leadId);
      const { policy } = await activeRoutingPolicy(ctx.store);
      const data: ReopenForOutboundData = {
        leadId,
        policy,
        coolOff: cause ? (cause.data as RecycleCoolOffEnded['data']) : null,
        alreadyReopened: seen.alreadyReopened,
        lead: {
          source: lead?.source ?? row?.source ?? null,
          segment: lead?.segment ?? row?.segment ?? null,
          territory: lead ? lead.territory : (row?.territory ?? null),
        },
        at,
        seed: seedFrom(causeEventId),
        candidates: (await rosterSnapshot(tx, at)).candidates('outbound'),
      };
      seen.decided = reopenOutcome(data, state);
      return assignmentDecider.decide({ type: 'ReopenForOutbound', data }, state);
    },
    { eventId: () => id, metadata: { leadId, correlationId: cmd.correlationId, causationId: causeEventId } },
  );

  const { decided } = seen;
  if (decided.kind === 'stale') {
    await clearUnrouted(tx, leadId, 'reopen');
    if (!seen.alreadyReopened) await markRecycle(tx, causeEventId, 'stale');
    return { outcome: 'stale', why: decided.why };
  }
  if (decided.kind === 'waiting') {
    await recordUnrouted(tx, {
      leadId,
      team: 'outbound',
      excluded: decided.excluded,
      at,
      causeEventId,
      correlationId: cmd.correlationId,
      purpose: 'reopen',
    });
    await markRecycle(tx, causeEventId, 'waiting-for-sdr');
    return { outcome: 'waiting' };
  }
  const [reopened] = newEvents;
  if (reopened?.type !== 'LeadReopenedForOutbound') throw new Error(`reopening lead ${leadId} decided nothing`);
  // A first-touch timer left over from an inbound life (qualified untouched) must not fire on the new owner.
  if (decided.previousSlaTimerId) await cancelTimer(tx, decided.previousSlaTimerId);
  const { sdrId, source } = reopened.data;
  await recordReopen(tx, id, {
    leadId,
    sdrId,
    team: 'outbound',
    source,
    segment: decided.segment,
    territory: decided.territory,
    assignedAt: at,
    slaDueAt: null,
    slaTimerId: null,
  });
  await markRecycle(tx, causeEventId, 'reopened', { sdrId, at });
  return { outcome: 'reopened', sdrId };
}
