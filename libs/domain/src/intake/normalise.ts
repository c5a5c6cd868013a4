import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { LeadSource } from '../lead/lead-source';
import type { LeadCapture } from './lead-intake.events';

/** Trimmed with inner runs of whitespace collapsed; blank becomes null. */
export function normaliseText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text : null;
}

export function normaliseEmail(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  return text ? text.toLowerCase() : null;
}

/** ISO 3166-1 alpha-2, upper-case; anything else is unknown. */
export function normaliseCountry(value: string | null | undefined): string | null {
  const text = normaliseText(value)?.toUpperCase() ?? null;
  return text && /^[A-Z]{2}$/.test(text) ? text : null;
}

/**
 * E.164, or null when the number cannot be a real one. A national number needs the country
 * (the company's country here) to be read; one written with a leading + does not.
 */
export function normalisePhone(value: string | null | undefined, country: string | null): string | null {
  const text = normaliseText(value);
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, (country ?? undefined) as CountryCode | undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

// Second-level labels under which companies register (acme.co.uk): without a public suffix
// list at hand, these cover the common country-code cases.
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go']);

/** The registrable part of a host name: `www.eu.acme.com` → `acme.com`, `shop.acme.co.uk` → `acme.co.uk`. */
export function registrableDomain(host: string): string | null {
  const labels = host
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.')
    .filter((label) => label.length > 0);
  if (labels.length < 2 || labels.some((label) => !/^[a-z0-9-]+$/.test(label))) return null;
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2,}$/.test(tld) && !/^xn--/.test(tld)) return null;
  const keep = tld.length === 2 && labels.length >= 3 && SECOND_LEVEL.has(labels[labels.length - 2]) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Domain of a website given as a URL or a bare host (`https://www.Acme.com/pricing` → `acme.com`). */
export function domainFromWebsite(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (!text) return null;
  const host = text
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .split(/[/?#:]/)[0];
  return registrableDomain(host);
}

/** Domain of a business email; free-mail addresses (gmail.com, …) say nothing about the company. */
export function domainFromEmail(email: string | null, isFreeMail: (domain: string) => boolean): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const host = email.slice(at + 1);
  if (isFreeMail(host)) return null;
  const domain = registrableDomain(host);
  return domain && !isFreeMail(domain) ? domain : null;
}

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'bv',
  'nv',
  'plc',
  'pty',
  'srl',
  'spa',
  'oy',
  'ab',
  'as',
  'kg',
  'lp',
  'llp',
]);

/** The company name as a matching key: case, punctuation and legal form do not tell companies apart. */
export function companyNameKey(name: string | null | undefined): string | null {
  const words = (normaliseText(name) ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.length > 0 ? words.join(' ') : null;
}

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
