import { createHash } from 'node:crypto';

type Body = Record<string, unknown>;

/** Header spellings (case, spaces and punctuation ignored) → where the value goes in a capture body. */
const COLUMNS: Readonly<Record<string, readonly [group: 'contact' | 'company' | null, field: string]>> = {
  source: [null, 'source'],
  campaign: [null, 'campaignId'],
  campaignid: [null, 'campaignId'],
  consent: [null, 'consent'],
  firstname: ['contact', 'firstName'],
  lastname: ['contact', 'lastName'],
  email: ['contact', 'email'],
  emailaddress: ['contact', 'email'],
  phone: ['contact', 'phone'],
  phonenumber: ['contact', 'phone'],
  title: ['contact', 'title'],
  jobtitle: ['contact', 'title'],
  company: ['company', 'name'],
  companyname: ['company', 'name'],
  website: ['company', 'website'],
  companywebsite: ['company', 'website'],
  domain: ['company', 'domain'],
  companydomain: ['company', 'domain'],
  country: ['company', 'country'],
};

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const headerKey = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * One CSV record as the body `POST /leads` would take, tagged with the list's vendor and id:
 * known columns land in their fields, any other non-empty column is kept as an attribute.
 * The source defaults to purchased-list.
 */
export function csvRowToBody(record: Readonly<Record<string, string>>, vendorId: string, listId: string): Body {
  const body: Body = { source: 'purchased-list', vendorId, listId, contact: {} };
  const attributes: Record<string, string> = {};
  for (const [header, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    const target = COLUMNS[headerKey(header)];
    if (!target) {
      attributes[header.trim()] = value;
      continue;
    }
    const [group, field] = target;
    const parsed = field === 'consent' ? consentOf(value) : value;
    if (group === null) body[field] = parsed;
    else body[group] = { ...((body[group] as Body | undefined) ?? {}), [field]: parsed };
  }
  if (Object.keys(attributes).length > 0) body.attributes = attributes;
  return body;
}

function consentOf(value: string): boolean | string {
  const lower = value.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return value;
}

/** The row's idempotency key: the same row of the same list, retried or resumed, is one capture. */
export function rowKey(vendorId: string, listId: string, row: number, record: Readonly<Record<string, string>>): string {
  return createHash('sha256')
    .update(JSON.stringify([vendorId, listId, row, Object.entries(record)]))
    .digest('hex');
}
