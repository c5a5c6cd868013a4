import type { LeadSource } from '../lead/lead-source';

/**
 * Lead-intake's events, on `lead-<leadId>`. Every event's metadata carries the lead id; times are
 * ISO-8601 strings that arrive on commands (no clock reads in domain code).
 */

export interface LeadContact {
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Trimmed, lower-cased. */
  readonly email: string | null;
  /** E.164. */
  readonly phone: string | null;
  readonly title: string | null;
}

export interface LeadCompany {
  readonly name: string | null;
  /** Registrable domain, lower-case, from the website or a business email. */
  readonly domain: string | null;
  readonly website: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly country: string | null;
}

export interface LeadCapture {
  readonly captureId: string;
  readonly source: LeadSource;
  readonly vendorId: string | null;
  readonly listId: string | null;
  readonly campaignId: string | null;
  readonly contact: LeadContact;
  readonly company: LeadCompany;
  readonly consent: boolean;
  readonly attributes: Readonly<Record<string, string | number | boolean | null>>;
  readonly capturedAt: string;
}

/**
 * The personal fields (PERSONAL_DATA_FIELDS) as stored and sent on Kafka: encrypted with AES-256-GCM
 * under the person's data key (base64 parts), those fields then null (attributes `{}`) in the data.
 * Inside Leadline reads decrypt them; `'erased'` once the person's key is destroyed.
 */
export interface PersonalDataEnvelope {
  readonly v: 1;
  readonly keyId: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

/** Absent when read decrypted; the envelope as stored and on Kafka; 'erased' after erasure. */
export type PersonalDataState = PersonalDataEnvelope | 'erased';

export type LeadCaptured = {
  type: 'LeadCaptured';
  data: LeadCapture & { leadId: string; inbound: boolean; personalData?: PersonalDataState };
};
export type DuplicateMatch = 'email' | 'phone' | 'company';
export type LeadDuplicateCaptured = {
  type: 'LeadDuplicateCaptured';
  data: { leadId: string; matchedOn: DuplicateMatch; capture: LeadCapture; personalData?: PersonalDataState };
};
export type LeadDuplicateUnmerged = {
  type: 'LeadDuplicateUnmerged';
  data: { leadId: string; captureId: string; newLeadId: string; reason: string; unmergedAt: string };
};
export type LeadFlaggedIncomplete = { type: 'LeadFlaggedIncomplete'; data: { leadId: string; missing: readonly string[] } };

/**
 * The person behind the lead asked to be forgotten: their data key is destroyed, so every personal
 * field of every event on the lead reads as erased. Carries no personal data itself.
 */
export type PersonErased = { type: 'PersonErased'; data: { leadId: string; erasedAt: string } };

export type LeadIntakeEvent = LeadCaptured | LeadDuplicateCaptured | LeadDuplicateUnmerged | LeadFlaggedIncomplete | PersonErased;
