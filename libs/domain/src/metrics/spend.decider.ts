import { foldEvents, unknownCommand, type Decider } from '../shared/decider';
import { MetricsError } from './metrics.errors';
import type { SpendEvent } from './spend.events';
import { sameSpend, spendProblems, type SpendEntry } from './spend.rules';

export type SpendState = { readonly status: 'none' } | { readonly status: 'recorded'; readonly entry: SpendEntry };

export type SpendCommand = { type: 'RecordSpend'; data: SpendEntry };

function decide(command: SpendCommand, state: SpendState): SpendEvent[] {
  switch (command.type) {
    case 'RecordSpend': {
      const entry = command.data;
      const problems = spendProblems(entry);
      if (problems.length > 0) throw new MetricsError('invalid-spend', problems.join('; '));
      if (state.status === 'none') return [{ type: 'SpendRecorded', data: entry }];
      // A retried entry (same id, same content) is a no-op; other content under a used id is a conflict.
      if (sameSpend(state.entry, entry)) return [];
      throw new MetricsError('spend-exists', `spend ${entry.spendId} was already recorded with other values`);
    }
    default:
      return unknownCommand(command.type);
  }
}

function evolve(state: SpendState, event: SpendEvent): SpendState {
  switch (event.type) {
    case 'SpendRecorded':
      return state.status === 'none' ? { status: 'recorded', entry: event.data } : state;
    default:
      return state;
  }
}

/** One spend entry: recorded once, immutable; the same entry again is idempotent. */
export const spendDecider: Decider<SpendState, SpendCommand, SpendEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

export function foldSpend(events: readonly SpendEvent[]): SpendState {
  return foldEvents(spendDecider, events);
}
