import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MetricsError, spendDecider, type SpendEntry } from '@leadline/domain';
import { deriveEventId, handleCommand, loadStream } from '@leadline/event-store';
import { MetricsApiHandler } from '../api/metrics-api.tokens';

export const spendStream = (spendId: string) => `spend-${spendId}`;

export type SpendInput = Omit<SpendEntry, 'spendId' | 'at'> & { readonly spendId?: string };

export interface SpendRecordResult {
  readonly outcome: 'recorded' | 'unchanged';
  /** As stored: for `unchanged`, the entry recorded first (with its time). */
  readonly entry: SpendEntry;
}

/** Records spend entries on `spend-<spendId>`: decided by the domain, idempotent per spend id. */
@Injectable()
export class RecordSpendHandler extends MetricsApiHandler {
  async record(input: SpendInput): Promise<SpendRecordResult> {
    const entry: SpendEntry = { ...input, spendId: input.spendId ?? randomUUID(), at: this.now() };
    // Two writers of one spend id: the loser decides again and finds its entry (or a conflict).
    const { newEvents, newState } = await handleCommand(
      this.store,
      spendStream(entry.spendId),
      spendDecider,
      (state) => spendDecider.decide({ type: 'RecordSpend', data: entry }, state),
      { eventId: () => deriveEventId('metrics/spend', entry.spendId), metadata: { correlationId: entry.spendId }, retries: 2 },
    );
    if (newEvents.length === 0 && newState.status === 'recorded') return { outcome: 'unchanged', entry: newState.entry };
    return { outcome: 'recorded', entry };
  }

  async get(spendId: string): Promise<SpendEntry> {
    const { state } = await loadStream(this.store, spendStream(spendId), spendDecider);
    if (state.status === 'none') throw new MetricsError('spend-not-found', `spend ${spendId} does not exist`);
    return state.entry;
  }
}
