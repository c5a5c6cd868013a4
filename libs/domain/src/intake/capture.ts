import type { LeadSource } from '../lead/lead-source';
import type { DuplicateMatch, LeadCapture } from '../lead/lead.events';
import {
  companyNameKey,
  domainFromEmail,
  domainFromWebsite,
  normaliseCountry,
  normaliseEmail,
  normalisePhone,
  normaliseText,
} from './normalise';

type Attribute = string | number | boolean | null;

/** A capture as it arrives (already shape-checked at the edge), before normalisation. */
export interface RawCapture {
  readonly captureId: string;
  readonly source: LeadSource;
  readonly vendorId?: string | null;
  readonly listId?: string | null;
  readonly campaignId?: string | null;
  readonly contact: {
    readonly firstName?: string | null;
    readonly lastName?: string | null;
    readonly email?: string | null;
    readonly phone?: string | null;
    readonly title?: string | null;
  };
  readonly company?: {
    readonly name?: string | null;
    readonly website?: string | null;
    readonly domain?: string | null;
    readonly country?: string | null;
  };
  readonly consent?: boolean;
  readonly attributes?: Readonly<Record<string, Attribute>>;
  readonly capturedAt: string;
}

export interface NormaliseOptions {
  /** Free-mail providers (a maintained list the caller loads). */
  readonly isFreeMail: (domain: string) => boolean;
}

export function normaliseCapture(raw: RawCapture, options: NormaliseOptions): LeadCapture {
  const country = normaliseCountry(raw.company?.country);
  const email = normaliseEmail(raw.contact.email);
  const website = normaliseText(raw.company?.website);
  const domain = domainFromWebsite(raw.company?.domain) ?? domainFromWebsite(website) ?? domainFromEmail(email, options.isFreeMail);
  return {
    captureId: raw.captureId,
    source: raw.source,
    vendorId: normaliseText(raw.vendorId),
    listId: normaliseText(raw.listId),
    campaignId: normaliseText(raw.campaignId),
    contact: {
      firstName: normaliseText(raw.contact.firstName),
      lastName: normaliseText(raw.contact.lastName),
      email,
      phone: normalisePhone(raw.contact.phone, country),
      title: normaliseText(raw.contact.title),
    },
    company: { name: normaliseText(raw.company?.name), domain, website, country },
    consent: raw.consent ?? false,
    attributes: { ...(raw.attributes ?? {}) },
    capturedAt: raw.capturedAt,
  };
}

export interface IdentityKey {
  readonly kind: DuplicateMatch;
  readonly value: string;
}

/**
 * What makes two captures the same person, strongest first: the email, the phone, or the
 * company domain together with the company's name (a shared domain alone is a colleague).
 */
export function identityKeysOf(capture: LeadCapture): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (capture.contact.email) keys.push({ kind: 'email', value: capture.contact.email });
  if (capture.contact.phone) keys.push({ kind: 'phone', value: capture.contact.phone });
  const name = companyNameKey(capture.company.name);
  if (capture.company.domain && name) keys.push({ kind: 'company', value: `${capture.company.domain}|${name}` });
  return keys;
}

const MATCH_STRENGTH: readonly DuplicateMatch[] = ['email', 'phone', 'company'];

/** Of the keys some lead already claims, the one a duplicate is recorded as matching on. */
export function strongestMatch<T extends { kind: DuplicateMatch }>(claims: readonly T[]): T | undefined {
  return [...claims].sort((a, b) => MATCH_STRENGTH.indexOf(a.kind) - MATCH_STRENGTH.indexOf(b.kind))[0];
}

/** The fields downstream stations need (enrichment, scoring, routing); a lead missing any is flagged, and still flows. */
export const EXPECTED_FIELDS = [
  'contact.firstName',
  'contact.lastName',
  'contact.email',
  'contact.phone',
  'contact.title',
  'company.name',
  'company.domain',
  'company.country',
] as const;

export function missingFields(capture: LeadCapture): string[] {
  return EXPECTED_FIELDS.filter((path) => {
    const [group, field] = path.split('.') as ['contact' | 'company', string];
    const value = (capture[group] as unknown as Record<string, unknown>)[field];
    return value === null || value === undefined || value === '';
  });
}
