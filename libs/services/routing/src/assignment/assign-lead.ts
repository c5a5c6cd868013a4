import { assignmentDecider, assignOutcome, seedFrom, weekStartUtc, type AssignmentEvent, type AssignOutcome } from '@leadline/domain';
import {
  deriveEventId,
  handleCommand,
  inAppendContext,
  oncePerTransaction,
  type AppendContext,
  type NewStreamAppend,
  type ProcessorContext,
  type RecordedEvent,
} from '@leadline/event-store';
import type { ActiveRoutingPolicy } from '../policy/active-policy';
import { lockRouting, rosterSnapshot, rosterSnapshotOf } from '../roster/roster-snapshot';
import type { RoutingConfig } from '../routing.config';
import { recordAssignment, recordAssignments, recordUnrouted, type AssignmentRow } from './assignment.repository';
import type { LeadContext } from './lead-context';
import { scheduleSlaTimer, scheduleSlaTimers, slaTimerIdFor, type SlaTimerCause } from './sla-timer';

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

/** What an assignment decides with besides its transaction: the routing settings and the active policy. */
export interface AssignmentDeps {
  readonly config: RoutingConfig;
  readonly activePolicy: ActiveRoutingPolicy;
}

/** The AssignLead command's data for `cmd` against the transaction's roster snapshot now, and the assignment's event id. */
async function assignLeadData(ctx: ProcessorContext, { config, activePolicy }: AssignmentDeps, cmd: AssignLead) {
  const { leadId, lead, at } = cmd;
  const id = deriveEventId(cmd.causeEventId, 'assigned');
  const candidates = (await rosterSnapshot(ctx.tx, at)).candidates(lead.team);
  // The leads of one delivery chunk are routed under one reading of the active policy.
  const { policy } = await oncePerTransaction(ctx.tx, 'routing.active-policy', () => activePolicy.read(ctx.store));
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
  return { id, data };
}

/** The timers and read-model rows of a batch's LeadAssigned events, written together (NewLeadsAssignment.append). */
interface PendingRecords {
  readonly timers: SlaTimerCause[];
  readonly assignments: { eventId: string; row: AssignmentRow }[];
}

/**
 * What an assignment decision leaves besides its event, in `ctx.tx`: a waiting lead in
 * `routing.unrouted` (false), or the SLA timer and the read-model rows of a LeadAssigned, which
 * also count it in the roster snapshot (true). With `pending`, the timer and rows are kept there for
 * one write of the batch's, and only the roster snapshot counts the lead now.
 */
async function recordOutcome(
  ctx: ProcessorContext,
  cmd: AssignLead,
  id: string,
  outcome: AssignOutcome,
  assigned: AssignmentEvent | undefined,
  pending?: PendingRecords,
): Promise<boolean> {
  const { leadId, lead, at, causeEventId, correlationId } = cmd;
  if (outcome.kind === 'waiting') {
    await recordUnrouted(ctx.tx, { leadId, team: lead.team, excluded: outcome.excluded, at, causeEventId, correlationId });
    return false;
  }
  if (assigned?.type !== 'LeadAssigned') return true;
  const { sdrId, slaDueAt, slaTimerId } = assigned.data;
  const timer = slaDueAt ? { eventId: id, leadId, sdrId, slaDueAt, correlationId } : undefined;
  const row: AssignmentRow = { ...lead, leadId, sdrId, assignedAt: at, slaDueAt, slaTimerId };
  if (pending) {
    if (timer) pending.timers.push(timer);
    pending.assignments.push({ eventId: id, row });
    rosterSnapshotOf(ctx.tx)?.assigned(sdrId, at);
    return true;
  }
  if (timer) await scheduleSlaTimer(ctx.tx, timer);
  // Also takes the lead off the waiting queue, and counts it in the roster snapshot.
  await recordAssignment(ctx.tx, id, row);
  return true;
}

/**
 * Lets the assignment decider pick an SDR (`AssignLead`) from the transaction's roster snapshot
 * (read once under the routing lock, so the leads of a chunk are decided one after another as if
 * each had read the roster), and records LeadAssigned with its SLA timer and read-model rows, all
 * in `ctx.tx`; false when nobody is eligible (the lead waits in `routing.unrouted`).
 */
export async function assignLead(ctx: ProcessorContext, deps: AssignmentDeps, cmd: AssignLead): Promise<boolean> {
  const { leadId } = cmd;
  await lockRouting(ctx.tx);
  const { id, data } = await assignLeadData(ctx, deps, cmd);
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
  return recordOutcome(ctx, cmd, id, seen.outcome, written ? newEvents[0] : undefined);
}

/**
 * assignLead for a chunk of leads that have no `assignment-<leadId>` stream yet (`stream` read
 * empty in this transaction): decided one after another against the roster snapshot exactly as
 * assignLead decides them, their timers and read-model rows written in one statement each at the
 * end, and every LeadAssigned by one multi-stream append ('no-stream' for each: a stream
 * written meanwhile fails the chunk, which rolls back whole). Whether each lead got an SDR, in order.
 */
export async function assignNewLeads(ctx: ProcessorContext, deps: AssignmentDeps, cmds: readonly AssignLead[]): Promise<boolean[]> {
  await lockRouting(ctx.tx);
  const chunk = new NewLeadsAssignment(ctx, deps);
  const results: boolean[] = [];
  for (const cmd of cmds) results.push(await chunk.decide(cmd));
  await chunk.append();
  return results;
}

/**
 * assignNewLeads one lead at a time, for a caller that does other work between the leads (a batch handler deciding
 * each lead in its event's delivery): `decide` each lead (under the routing lock, its stream read empty in this
 * transaction; a lead it assigned has a stream now, and must not be decided again), then `append` once.
 */
export class NewLeadsAssignment {
  private readonly appends: NewStreamAppend[] = [];
  private readonly pending: PendingRecords = { timers: [], assignments: [] };

  constructor(
    private readonly ctx: ProcessorContext,
    private readonly deps: AssignmentDeps,
  ) {}

  /**
   * Decides `cmd` against the roster snapshot now (which counts the lead at once); its timer, read-model rows and
   * LeadAssigned wait for `append`, the event stamped with `context` (the trace and actor it was decided in; the
   * append's own when left out). A lead nobody is eligible for waits in `routing.unrouted` at once.
   * Whether the lead got an SDR.
   */
  async decide(cmd: AssignLead, context?: AppendContext): Promise<boolean> {
    const { ctx, deps } = this;
    const { leadId, causeEventId, correlationId } = cmd;
    if ((cmd.stream?.length ?? 0) > 0) throw new Error(`assignNewLeads: lead ${leadId} has an assignment stream`);
    const streamId = `assignment-${leadId}`;
    if (this.appends.some((a) => a.streamId === streamId)) throw new Error(`assignNewLeads: lead ${leadId} was assigned in this chunk`);
    // A decision in another week reads the roster again, which must find the rows of the leads decided before it.
    const snapshot = rosterSnapshotOf(ctx.tx);
    if (snapshot && snapshot.weekStart !== weekStartUtc(cmd.at).toISOString()) await this.writeRecords();
    const { id, data } = await assignLeadData(ctx, deps, cmd);
    const state = assignmentDecider.initialState();
    const events = assignmentDecider.decide({ type: 'AssignLead', data }, state);
    if (events.length > 1) throw new Error(`assignNewLeads: AssignLead decided ${events.length} events for lead ${leadId}`);
    const metadata = { leadId, correlationId, causationId: causeEventId };
    if (events[0]) this.appends.push({ streamId, events: [{ id, type: events[0].type, data: events[0].data, metadata }], context });
    return recordOutcome(ctx, cmd, id, assignOutcome(data, state), events[0], this.pending);
  }

  /** The decided leads' timers and read-model rows in one statement each, and every LeadAssigned in one multi-stream append. */
  async append(): Promise<void> {
    await this.writeRecords();
    const appends = this.appends.splice(0);
    if (appends.length > 0) await appendNewStreams(this.ctx, appends);
  }

  private async writeRecords(): Promise<void> {
    await scheduleSlaTimers(this.ctx.tx, this.pending.timers.splice(0));
    await recordAssignments(this.ctx.tx, this.pending.assignments.splice(0));
  }
}

async function appendNewStreams(ctx: ProcessorContext, appends: readonly NewStreamAppend[]): Promise<void> {
  if (ctx.store.appendToNewStreams) {
    await ctx.store.appendToNewStreams(appends);
    return;
  }
  for (const { streamId, events, context } of appends) {
    await inAppendContext(context, () => ctx.store.appendToStream(streamId, events, { expectedVersion: 'no-stream' }));
  }
}
