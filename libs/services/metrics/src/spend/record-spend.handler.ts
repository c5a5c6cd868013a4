import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MetricsError, spendDecider, type Clock, type SpendEntry, type SpendEvent, type SpendState } from '@leadline/domain';
import {
  deriveEventId,
  EVENT_STORE,
  ExpectedVersionConflictError,
  SQL_DATABASE,
  type EventStore,
  type SqlDatabase,
} from '@leadline/event-store';
import { METRICS_API_CLOCK } from '../api/metrics-api.tokens';

export const spendStream = (spendId: string) => `spend-${spendId}`;

export type SpendInput = Omit<SpendEntry, 'spendId' | 'at'> & { readonly spendId?: string };

export interface SpendRecordResult {
  readonly outcome: 'recorded' | 'unchanged';
  /** As stored: for `unchanged`, the entry recorded first (with its time). */
  readonly entry: SpendEntry;
}

const ATTEMPTS = 3;

/** Records spend entries on `spend-<spendId>`: decided by the domain, idempotent per spend id. */
@Injectable()
export class RecordSpendHandler {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS_API_CLOCK) private readonly clock: Clock,
  ) {}

  async record(input: SpendInput): Promise<SpendRecordResult> {
    const entry: SpendEntry = { ...input, spendId: input.spendId ?? randomUUID(), at: this.clock.now().toISOString() };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.decide(this.store.inTransaction(tx), entry));
      } catch (error) {
        // Two writers of one spend id: the loser re-reads and finds its entry (or a conflict).
        if (!(error instanceof ExpectedVersionConflictError) || attempt === ATTEMPTS) throw error;
      }
    }
  }

  async get(spendId: string): Promise<SpendEntry> {
    const state = await this.load(this.store, spendId);
    if (state.state.status === 'none') throw new MetricsError('spend-not-found', `spend ${spendId} does not exist`);
    return state.state.entry;
  }

  private async decide(store: Pick<EventStore, 'readStream' | 'appendToStream'>, entry: SpendEntry): Promise<SpendRecordResult> {
    const { state, version } = await this.load(store, entry.spendId);
    const events = spendDecider.decide({ type: 'RecordSpend', data: entry }, state);
    if (events.length === 0 && state.status === 'recorded') return { outcome: 'unchanged', entry: state.entry };
    await store.appendToStream(
      spendStream(entry.spendId),
      events.map((event) => ({ id: deriveEventId('metrics/spend', entry.spendId), ...event, metadata: { correlationId: entry.spendId } })),
      { expectedVersion: version === 0 ? 'no-stream' : version },
    );
    return { outcome: 'recorded', entry };
  }

  private async load(store: Pick<EventStore, 'readStream'>, spendId: string): Promise<{ state: SpendState; version: number }> {
    const history = await store.readStream(spendStream(spendId));
    const state = history
      .map((e) => ({ type: e.type, data: e.data }) as SpendEvent)
      .reduce(spendDecider.evolve, spendDecider.initialState());
    return { state, version: history.length === 0 ? 0 : history[history.length - 1].streamVersion };
  }
}
