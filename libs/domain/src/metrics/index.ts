export type { SpendEvent, SpendRecorded } from './spend.events';
export { MetricsError, type MetricsErrorCode } from './metrics.errors';
export { MAX_SPEND_AMOUNT, SPEND_CURRENCY, SPEND_ID, SPEND_PERIOD, sameSpend, spendProblems, type SpendEntry } from './spend.rules';
export { foldSpend, spendDecider, type SpendCommand, type SpendState } from './spend.decider';
export { jainIndex } from './jain-index';
