import type { DuplicateMatch, LeadCapture } from './lead-intake.events';
import { companyNameKey } from './normalise';

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
