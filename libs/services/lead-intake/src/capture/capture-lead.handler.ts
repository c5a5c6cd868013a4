import { Inject, Injectable } from '@nestjs/common';
import {
  identityKeysOf,
  leadIntakeDecider,
  strongestMatch,
  type LeadCapture,
  type LeadIntakeCommand,
  type LeadIntakeEvent,
} from '@leadline/domain';
import {
  deriveEventId,
  handleCommand,
  newEventId,
  runInTransaction,
  type PersonalDataVault,
  type ProcessorContext,
  type TransactionalStore,
} from '@leadline/event-store';
import { EVENT_STORE, PERSONAL_DATA_VAULT } from '@leadline/platform';
import { projectOverview } from '../overview/lead-overview.repository';
import { claimIdentities, digestKeys, findClaims, lockIdentities } from './identity-locks';
import { rememberAnswer, replayedAnswer, type CaptureAnswer } from './idempotency.repository';

export interface CaptureRequest {
  readonly capture: LeadCapture;
  /** Namespaced idempotency key (`http:<header>`, `list:<row hash>`) and the hash of what came with it. */
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

export interface CaptureOutcome extends CaptureAnswer {
  /** True when the answer was given before for the same idempotency key: nothing was written. */
  readonly replayed: boolean;
}

export const leadStream = (leadId: string): string => `lead-${leadId}`;

/** Decides a command on a lead's stream and appends the outcome with its overview row, in `ctx`. Ids are named after the capture, so a retry cannot write them twice. */
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
    {
      eventId: (event, i) => deriveEventId(correlationId, `${leadId}/${event.type}/${i}`),
      metadata: { leadId, correlationId },
    },
  );
  if (newEvents.length > 0) await projectOverview(ctx.tx, leadId, newEvents);
  return newEvents;
}

/**
 * One capture, race-free: lock its identities, look up who claims them, then either record a
 * duplicate on that lead or create the lead and claim them, all in one transaction.
 */
@Injectable()
export class CaptureLeadHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: TransactionalStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  capture(request: CaptureRequest): Promise<CaptureOutcome> {
    const { capture, idempotency } = request;
    const keys = digestKeys(identityKeysOf(capture), (value) => this.vault.digest(value));
    const lockNames = [...keys.map((k) => `claim/${k.kind}/${k.value}`), ...(idempotency ? [`idempotency/${idempotency.key}`] : [])];
    return runInTransaction(this.store, async (ctx) => {
      const { tx } = ctx;
      await lockIdentities(tx, lockNames);
      if (idempotency) {
        const replay = await replayedAnswer(tx, idempotency.key, idempotency.requestHash);
        if (replay) return { ...replay, replayed: true };
      }
      const match = strongestMatch(await findClaims(tx, keys));
      let answer: CaptureAnswer;
      if (match) {
        // Captures matching this lead on different keys hold different identity locks: serialise them on the lead.
        await lockIdentities(tx, [`lead/${match.leadId}`]);
        const command: LeadIntakeCommand = {
          type: 'RecordDuplicateCapture',
          data: { leadId: match.leadId, matchedOn: match.kind, capture },
        };
        await handleOnLead(ctx, command, capture.captureId);
        answer = { leadId: match.leadId, status: 'duplicate' };
      } else {
        const leadId = newEventId();
        await handleOnLead(ctx, { type: 'CaptureLead', data: { leadId, capture } }, capture.captureId);
        await claimIdentities(tx, leadId, keys);
        answer = { leadId, status: 'captured' };
      }
      if (idempotency) await rememberAnswer(tx, idempotency.key, idempotency.requestHash, answer);
      return { ...answer, replayed: false };
    });
  }
}
