import { createHash } from 'node:crypto';
import type { SpendInput } from './record-spend.handler';

export type SpendField = 'spendId' | 'period' | 'channel' | 'source' | 'vendorId' | 'campaignId' | 'amount' | 'currency';

/** Header spellings (case, spaces and punctuation ignored) → the spend field. */
const HEADERS: Readonly<Record<string, SpendField>> = {
  spendid: 'spendId',
  id: 'spendId',
  period: 'period',
  month: 'period',
  channel: 'channel',
  source: 'source',
  leadsource: 'source',
  vendor: 'vendorId',
  vendorid: 'vendorId',
  campaign: 'campaignId',
  campaignid: 'campaignId',
  amount: 'amount',
  spend: 'amount',
  cost: 'amount',
  currency: 'currency',
};

const REQUIRED: readonly SpendField[] = ['period', 'channel', 'amount'];
const NUMBER = /^\d+(\.\d+)?$/;

export class SpendHeaderError extends Error {}

/**
 * The CSV header as spend fields, checked before any row is read: an unknown column, a field
 * named twice or a missing required one refuses the whole file (nothing is written).
 */
export function spendColumns(header: readonly string[], defaultCurrency: string | undefined): SpendField[] {
  const problems: string[] = [];
  const fields = header.map((raw) => {
    const field = HEADERS[raw.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (!field) problems.push(`unknown column ${JSON.stringify(raw)}`);
    return field;
  });
  for (const field of new Set(fields))
    if (field && fields.filter((f) => f === field).length > 1) problems.push(`${field} is given by more than one column`);
  const required = defaultCurrency === undefined ? [...REQUIRED, 'currency' as const] : REQUIRED;
  for (const field of required) if (!fields.includes(field)) problems.push(`a ${field} column is required`);
  if (problems.length > 0) {
    throw new SpendHeaderError(
      `${problems.join('; ')} (columns: spend_id, period, channel, source, vendor_id, campaign_id, amount, currency)`,
    );
  }
  return fields as SpendField[];
}

/** One CSV record as the body `POST /metrics/spend` takes: blanks omitted, a plain decimal amount as a number. */
export function csvRowToSpendBody(record: Readonly<Record<string, string>>, defaultCurrency: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    body[field] = field === 'amount' && NUMBER.test(value) ? Number(value) : value;
  }
  if (body.currency === undefined && defaultCurrency !== undefined) body.currency = defaultCurrency;
  return body;
}

/**
 * The spend id of a row without one: a hash of its values and of how many identical rows came
 * before it in the file. Re-importing the file (even re-ordered) yields the same ids, so nothing
 * is recorded twice; two identical lines in one file stay two entries.
 */
export function rowSpendId(input: SpendInput, occurrence: number): string {
  const values = [input.period, input.channel, input.source, input.vendorId, input.campaignId, input.amount, input.currency];
  return `csv-${createHash('sha256')
    .update(JSON.stringify([values, occurrence]))
    .digest('hex')
    .slice(0, 40)}`;
}
