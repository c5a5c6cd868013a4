import { LEAD_SOURCES } from '../lead/lead-source';
import type { SpendRecorded } from './spend.events';

export type SpendEntry = SpendRecorded['data'];

export const SPEND_ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const SPEND_PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const SPEND_CURRENCY = /^[A-Z]{3}$/;
/** Larger amounts are typos (a pasted row number, a missing decimal point), not budgets. */
export const MAX_SPEND_AMOUNT = 1_000_000_000;
const MAX_LABEL = 100;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const sources: ReadonlySet<string> = new Set(LEAD_SOURCES);

function label(name: string, value: string | null, required: boolean): string[] {
  if (value === null) return required ? [`${name} is required`] : [];
  if (value.trim() !== value || value === '' || value.length > MAX_LABEL)
    return [`${name} must be 1 to ${MAX_LABEL} characters without surrounding spaces`];
  return [];
}

/** Everything wrong with a spend entry, in field order; empty when it may be recorded. */
export function spendProblems(entry: SpendEntry): string[] {
  const problems: string[] = [];
  if (!SPEND_ID.test(entry.spendId)) problems.push('spendId must be 1 to 64 letters, digits or _.@- starting with a letter or digit');
  if (!SPEND_PERIOD.test(entry.period)) problems.push(`period must be a calendar month YYYY-MM (got ${JSON.stringify(entry.period)})`);
  problems.push(...label('channel', entry.channel, true));
  if (entry.source !== null && !sources.has(entry.source))
    problems.push(`source must be one of ${LEAD_SOURCES.join(', ')} (got ${JSON.stringify(entry.source)})`);
  problems.push(...label('vendorId', entry.vendorId, false), ...label('campaignId', entry.campaignId, false));
  if (!(typeof entry.amount === 'number' && Number.isFinite(entry.amount) && entry.amount >= 0 && entry.amount <= MAX_SPEND_AMOUNT)) {
    problems.push(`amount must be a number from 0 to ${MAX_SPEND_AMOUNT} (got ${JSON.stringify(entry.amount)})`);
  }
  if (!SPEND_CURRENCY.test(entry.currency))
    problems.push(`currency must be an ISO 4217 code like EUR (got ${JSON.stringify(entry.currency)})`);
  if (!INSTANT.test(entry.at) || Number.isNaN(Date.parse(entry.at)))
    problems.push(`at must be an ISO-8601 instant (got ${JSON.stringify(entry.at)})`);
  return problems;
}

/** Same money, same slice: the recording time does not make a retried entry a different one. */
export function sameSpend(a: SpendEntry, b: SpendEntry): boolean {
  return (
    a.spendId === b.spendId &&
    a.period === b.period &&
    a.channel === b.channel &&
    a.source === b.source &&
    a.vendorId === b.vendorId &&
    a.campaignId === b.campaignId &&
    a.amount === b.amount &&
    a.currency === b.currency
  );
}
