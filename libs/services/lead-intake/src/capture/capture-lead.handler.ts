import { Inject, Injectable } from '@nestjs/common';
import {
  identityKeysOf,
  leadIntakeDecider,
  strongestMatch,
  type LeadCapture,
  type LeadIntakeCommand,
  type LeadIntakeEvent,
  type LeadIntakeState,
} from '@leadline/domain';
import {
  deriveEventId,
  newEventId,
  type EventStore,
  type EventStoreReader,
  type EventStoreWriter,
  type SqlDatabase,
  type SqlExecutor,
} from '@leadline/event-store';
import { EVENT_STORE, SQL_DATABASE } from '@leadline/platform';
import { projectOverview } from '../overview/lead-overview.repository';
import { claimIdentities, findClaims, lockIdentities } from './identity-locks';
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

type TxStore = EventStoreReader & EventStoreWriter;

export const leadStream = (leadId: string): string => `lead-${leadId}`;

/** Idempotent ids: a capture's events are named after it, so a retry cannot write them twice. */
export function toNewEvents(events: readonly LeadIntakeEvent[], leadId: string, correlationId: string) {
  return events.map((event, i) => ({
    id: deriveEventId(correlationId, `${leadId}/${event.type}/${i}`),
    type: event.type,
    data: event.data,
    metadata: { leadId, correlationId },
  }));
}

export async function loadLead(store: TxStore, leadId: string): Promise<{ state: LeadIntakeState; version: number }> {
  const history = await store.readStream(leadStream(leadId));
  const state = history.reduce((s, e) => leadIntakeDecider.evolve(s, e as unknown as LeadIntakeEvent), leadIntakeDecider.initialState());
  return { state, version: history.at(-1)?.streamVersion ?? 0 };
}

/** Decides a command on a lead's stream and appends the outcome with its overview row, in `tx`. */
export async function handleOnLead(tx: SqlExecutor, store: TxStore, command: LeadIntakeCommand, correlationId: string) {
  const leadId = command.data.leadId;
  const { state, version } = await loadLead(store, leadId);
  const events = leadIntakeDecider.decide(command, state);
  if (events.length > 0) {
    await store.appendToStream(leadStream(leadId), toNewEvents(events, leadId, correlationId), { expectedVersion: version });
    await projectOverview(tx, leadId, events);
  }
  return events;
}

/**
 * One capture, race-free: lock its identities, look up who claims them, then either record a
 * duplicate on that lead or create the lead and claim them, all in one transaction.
 */
@Injectable()
export class CaptureLeadHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  capture(request: CaptureRequest): Promise<CaptureOutcome> {
    const { capture, idempotency } = request;
    const keys = identityKeysOf(capture);
    const lockNames = [...keys.map((k) => `claim/${k.kind}/${k.value}`), ...(idempotency ? [`idempotency/${idempotency.key}`] : [])];
    return this.db.transaction(async (tx) => {
      await lockIdentities(tx, lockNames);
      if (idempotency) {
        const replay = await replayedAnswer(tx, idempotency.key, idempotency.requestHash);
        if (replay) return { ...replay, replayed: true };
      }
      const store = this.store.inTransaction(tx);
      const match = strongestMatch(await findClaims(tx, keys));
      let answer: CaptureAnswer;
      if (match) {
        // Captures matching this lead on different keys hold different identity locks: serialise them on the lead.
        await lockIdentities(tx, [`lead/${match.leadId}`]);
        const command: LeadIntakeCommand = {
          type: 'RecordDuplicateCapture',
          data: { leadId: match.leadId, matchedOn: match.kind, capture },
        };
        await handleOnLead(tx, store, command, capture.captureId);
        answer = { leadId: match.leadId, status: 'duplicate' };
      } else {
        const leadId = newEventId();
        await handleOnLead(tx, store, { type: 'CaptureLead', data: { leadId, capture } }, capture.captureId);
        await claimIdentities(tx, leadId, keys);
        answer = { leadId, status: 'captured' };
      }
      if (idempotency) await rememberAnswer(tx, idempotency.key, idempotency.requestHash, answer);
      return { ...answer, replayed: false };
    });
  }
}
