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
import { projectOverviewBeforeCommit } from '../overview/lead-overview.repository';
import { claimAll, digestKeys, findClaims, lockIdentities, type Claim } from './identity-locks';
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

/**
 * New leads' captures, decided on the empty state (each lead id is new) and appended together by one multi-stream
 * append in `ctx`, with the events, ids and overview folds `handleOnLead` would write. Without a multi-stream append
 * in the store, lead by lead through `handleOnLead`.
 */
async function captureNewLeads(
  ctx: ProcessorContext,
  captures: readonly { leadId: string; capture: LeadCapture; context?: AppendContext }[],
): Promise<void> {
  if (captures.length === 0) return;
  const appendAll = ctx.store.appendToNewStreams?.bind(ctx.store);
  if (!appendAll) {
    for (const { leadId, capture, context } of captures)
      await inAppendContext(context, () => handleOnLead(ctx, { type: 'CaptureLead', data: { leadId, capture } }, capture.captureId));
    return;
  }
  const decided = captures.map(({ leadId, capture, context }) => {
    const events = leadIntakeDecider.decide({ type: 'CaptureLead', data: { leadId, capture } }, leadIntakeDecider.initialState());
    return { leadId, correlationId: capture.captureId, events, context };
  });
  await appendAll(
    decided.map(({ leadId, correlationId, events, context }) => {
      const { eventId, metadata } = writtenOnLead(leadId, correlationId);
      return {
        streamId: leadStream(leadId),
        events: events.map((event, i) => ({ id: eventId(event, i), type: event.type, data: event.data, metadata })),
        context,
      };
    }),
  );
  // Their streams were created just now (the append fails the chunk otherwise): no overview row to read.
  for (const { leadId, events } of decided) for (const event of events) projectOverviewBeforeCommit(ctx.tx, leadId, event, true);
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
   * cycle); one read of the replayed answers, one of the claims, one write of each.
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
      const claims = new Map<string, Claim>();
      for (const claim of await findClaims(
        tx,
        fresh.flatMap((i) => i.keys),
      ))
        claims.set(claimKey(claim), claim);
      // Captures matching one lead on different keys hold different identity locks: serialise them on the lead.
      await lockIdentities(tx, [...new Set([...claims.values()].map((c) => `lead/${c.leadId}`))]);
      const newClaims: Claim[] = [];
      const answers: { key: string; requestHash: string; answer: CaptureAnswer }[] = [];
      const outcomes: CaptureOutcome[] = [];
      // New leads wait here to be appended together; before a duplicate is recorded (it reads the lead's stream,
      // perhaps one of them), so the events keep the rows' order.
      let created: { leadId: string; capture: LeadCapture; context?: AppendContext }[] = [];
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
