import { Inject, Injectable } from '@nestjs/common';
import {
  identityKeysOf,
  leadIntakeDecider,
  strongestMatch,
  type LeadCapture,
  type LeadIntakeCommand,
  type LeadIntakeEvent,
  type IdentityKey,
} from '@leadline/domain';
import {
  deriveEventId,
  handleCommand,
  inAppendContext,
  newEventId,
  runInTransaction,
  type AppendContext,
  type PersonalDataVault,
  type ProcessorContext,
  type TransactionalStore,
} from '@leadline/event-store';
import { EVENT_STORE, PERSONAL_DATA_VAULT } from '@leadline/platform';
import { newLeadOverview, overviewRowsJson, projectOverviewBeforeCommit, upsertOverviewsSql } from '../overview/lead-overview.repository';
import { claimAll, digestKeys, findClaims, findOrClaim, lockIdentities, type Claim } from './identity-locks';
import { rememberAnswers, replayedAnswers, type CaptureAnswer } from './idempotency.repository';

export interface CaptureRequest {
  readonly capture: LeadCapture;
  /** Namespaced idempotency key (`http:<header>`, `list:<row hash>`) and the hash of what came with it. */
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
  /**
   * The trace context and actor of the request it came with (`captureAppendContext()`), stamped on its events when it
   * is decided in another's transaction (CaptureGroups); absent: the active ones.
   */
  readonly context?: AppendContext;
}

export interface CaptureOutcome extends CaptureAnswer {
  /** True when the answer was given before for the same idempotency key: nothing was written. */
  readonly replayed: boolean;
}

export const leadStream = (leadId: string): string => `lead-${leadId}`;

/** The ids and metadata of what a capture writes on a lead's stream: named after the capture, so a retry writes nothing twice. */
const writtenOnLead = (leadId: string, correlationId: string) => ({
  eventId: (event: LeadIntakeEvent, i: number) => deriveEventId(correlationId, `${leadId}/${event.type}/${i}`),
  metadata: { leadId, correlationId },
});

/** Decides a command on a lead's stream and appends the outcome with its overview row, in `ctx` (a transaction). Ids are named after the capture, so a retry cannot write them twice. */
export async function handleOnLead(
  ctx: ProcessorContext,
  command: LeadIntakeCommand,
  correlationId: string,
): Promise<readonly LeadIntakeEvent[]> {
  const leadId = command.data.leadId;
  const { newEvents } = await handleCommand(
    ctx,
    leadStream(leadId),
    leadIntakeDecider,
    (state) => leadIntakeDecider.decide(command, state),
    writtenOnLead(leadId, correlationId),
  );
  // Folded into the overview once, for every lead of the transaction (a list's chunk), just before it commits.
  for (const event of newEvents) projectOverviewBeforeCommit(ctx.tx, leadId, event);
  return newEvents;
}

/** A new lead's capture decided: its events on the empty state (the lead id is new). */
const decideNewLead = (leadId: string, capture: LeadCapture): readonly LeadIntakeEvent[] =>
  leadIntakeDecider.decide({ type: 'CaptureLead', data: { leadId, capture } }, leadIntakeDecider.initialState());

interface NewLead {
  readonly leadId: string;
  readonly capture: LeadCapture;
  readonly context?: AppendContext;
}

/**
 * New leads' captures, decided on the empty state (each lead id is new) and appended together by one multi-stream
 * append in `ctx`, with the events, ids and overview folds `handleOnLead` would write. Without a multi-stream append
 * in the store, lead by lead through `handleOnLead`.
 */
async function captureNewLeads(ctx: ProcessorContext, captures: readonly NewLead[]): Promise<void> {
  if (captures.length === 0) return;
  if (!ctx.store.appendToNewStreams) {
    for (const { leadId, capture, context } of captures)
      await inAppendContext(context, () => handleOnLead(ctx, { type: 'CaptureLead', data: { leadId, capture } }, capture.captureId));
    return;
  }
  const decided = captures.map((lead) => ({ ...lead, events: decideNewLead(lead.leadId, lead.capture) }));
  await appendNewLeads(ctx, decided);
  // Their streams were created just now (the append fails the chunk otherwise): no overview row to read.
  for (const { leadId, events } of decided) for (const event of events) projectOverviewBeforeCommit(ctx.tx, leadId, event, true);
}

/** Decided new leads' events in one multi-stream append (the store has one), ids named after each capture; no overview fold. */
async function appendNewLeads(ctx: ProcessorContext, leads: readonly (NewLead & { events: readonly LeadIntakeEvent[] })[]): Promise<void> {
  await ctx.store.appendToNewStreams!(
    leads.map(({ leadId, capture, events, context }) => {
      const { eventId, metadata } = writtenOnLead(leadId, capture.captureId);
      return {
        streamId: leadStream(leadId),
        events: events.map((event, i) => ({ id: eventId(event, i), type: event.type, data: event.data, metadata })),
        context,
      };
    }),
  );
}

/**
 * A group's one fresh capture as a new lead, decided before its claims are looked up (a capture is alone in its
 * transaction whenever no other request queued behind an open one: nearly always at low rates), so that the lookup
 * writes the new lead's claims and overview row in its statement when it finds none (findOrClaim): two statements fewer
 * than a lookup, the claims and the overview row each on its own. Only in a store with a multi-stream append (its
 * events are then appended alone).
 */
interface LoneNewLead {
  readonly leadId: string;
  readonly events: readonly LeadIntakeEvent[];
}

function loneNewLead(capture: LeadCapture): LoneNewLead {
  const leadId = newEventId();
  return { leadId, events: decideNewLead(leadId, capture) };
}

/** Who claims these keys; for a lone new lead (findOrClaim), its claims and overview row written too when nobody does. */
async function lookUpClaims(ctx: ProcessorContext, keys: readonly IdentityKey[], lone?: LoneNewLead): Promise<Claim[]> {
  if (!lone) return findClaims(ctx.tx, keys);
  const overview = newLeadOverview(lone.leadId, lone.events);
  return findOrClaim(ctx.tx, keys, lone.leadId, overview ? { sql: upsertOverviewsSql, value: overviewRowsJson([overview]) } : undefined);
}

const claimKey = (key: IdentityKey): string => `${key.kind}/${key.value}`;
const lockNamesOf = (keys: readonly IdentityKey[], idempotency?: CaptureRequest['idempotency']): string[] => [
  ...keys.map((k) => `claim/${claimKey(k)}`),
  ...(idempotency ? [`idempotency/${idempotency.key}`] : []),
];

/**
 * Captures, race-free: lock their identities, look up who claims them, then either record a
 * duplicate on that lead or create the lead and claim them, all in one transaction.
 */
@Injectable()
export class CaptureLeadHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  capture(request: CaptureRequest): Promise<CaptureOutcome> {
    return this.captureAll([request]).then(([outcome]) => outcome);
  }

  /**
   * Several captures in one transaction, decided in order as if one after the other (a later one
   * matches a lead an earlier one created): identity locks in one global order, then the locks of
   * the leads they match (also in order, so two such transactions never wait on each other in a
   * cycle); one read of the replayed answers, one of the claims, one write of each. When one capture of the group
   * is fresh, its read of the claims also writes its claims and overview row if it finds none (LoneNewLead).
   */
  captureAll(requests: readonly CaptureRequest[]): Promise<CaptureOutcome[]> {
    const items = requests.map((request) => ({
      request,
      keys: digestKeys(identityKeysOf(request.capture), (value) => this.vault.digest(value)),
    }));
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      await lockIdentities(
        tx,
        items.flatMap((i) => lockNamesOf(i.keys, i.request.idempotency)),
      );
      const replays = await replayedAnswers(
        tx,
        items.flatMap((i) => (i.request.idempotency ? [i.request.idempotency] : [])),
      );
      const replayOf = (request: CaptureRequest) => (request.idempotency ? replays.get(request.idempotency.key) : undefined);
      const fresh = items.filter((i) => !replayOf(i.request));
      const lone = fresh.length === 1 && ctx.store.appendToNewStreams ? loneNewLead(fresh[0].request.capture) : undefined;
      const claims = new Map<string, Claim>();
      for (const claim of await lookUpClaims(
        ctx,
        fresh.flatMap((i) => i.keys),
        lone,
      ))
        claims.set(claimKey(claim), claim);
      // Captures matching one lead on different keys hold different identity locks: serialise them on the lead.
      await lockIdentities(tx, [...new Set([...claims.values()].map((c) => `lead/${c.leadId}`))]);
      const newClaims: Claim[] = [];
      const answers: { key: string; requestHash: string; answer: CaptureAnswer }[] = [];
      const outcomes: CaptureOutcome[] = [];
      // New leads wait here to be appended together; before a duplicate is recorded (it reads the lead's stream,
      // perhaps one of them), so the events keep the rows' order.
      let created: NewLead[] = [];
      const createPending = async () => {
        await captureNewLeads(ctx, created);
        created = [];
      };
      for (const { request, keys } of items) {
        const replay = replayOf(request);
        if (replay) {
          outcomes.push({ ...replay, replayed: true });
          continue;
        }
        const { capture, idempotency, context } = request;
        const match = strongestMatch(keys.flatMap((k) => claims.get(claimKey(k)) ?? []));
        let answer: CaptureAnswer;
        if (match) {
          const command: LeadIntakeCommand = {
            type: 'RecordDuplicateCapture',
            data: { leadId: match.leadId, matchedOn: match.kind, capture },
          };
          await createPending();
          await inAppendContext(context, () => handleOnLead(ctx, command, capture.captureId));
          answer = { leadId: match.leadId, status: 'duplicate' };
        } else if (lone) {
          // Its claims and overview row were written with the lookup; its events are all that is left.
          await appendNewLeads(ctx, [{ leadId: lone.leadId, capture, context, events: lone.events }]);
          answer = { leadId: lone.leadId, status: 'captured' };
        } else {
          const leadId = newEventId();
          created.push({ leadId, capture, context });
          for (const key of keys) {
            // An identity claimed already keeps its lead (as the insert's on conflict does).
            if (claims.has(claimKey(key))) continue;
            const claim = { ...key, leadId };
            claims.set(claimKey(key), claim);
            newClaims.push(claim);
          }
          answer = { leadId, status: 'captured' };
        }
        if (idempotency) answers.push({ ...idempotency, answer });
        outcomes.push({ ...answer, replayed: false });
      }
      await createPending();
      await claimAll(tx, newClaims);
      await rememberAnswers(tx, answers);
      return outcomes;
    });
  }
}
