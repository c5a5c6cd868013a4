import { PERSONAL_DATA_FIELDS } from '@leadline/domain';

/** What a redacted value reads as in a log line. */
export const REDACTED = '[redacted]';

/**
 * Field names whose values never reach a log line: the personal fields the store encrypts
 * (PERSONAL_DATA_FIELDS: contact names, email, phone, free-form attributes), the whole contact, other
 * ways to name or reach a person, and credentials.
 */
export const REDACTED_FIELDS: readonly string[] = [
  ...new Set([
    ...Object.values(PERSONAL_DATA_FIELDS).flatMap((fields) => fields.map(({ path }) => path.split('.').at(-1) ?? path)),
    'contact',
    'personalData',
    'fullName',
    'address',
    'street',
    'postalCode',
    'body',
    'authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'apiKey',
    'password',
    'secret',
    'token',
  ]),
];

/** pino `redact` paths: each field at the top of a line and up to three objects deep. */
export function redactPaths(): string[] {
  return REDACTED_FIELDS.flatMap((field) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
    return ['', '*', '*.*', '*.*.*'].map((depth) => (depth === '' ? key.replace(/^\./, '') : `${depth}${key}`));
  });
}

// Bounded repetitions and a start anchored on a non-address character keep the scan linear.
const EMAIL = /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;
const API_KEY = /\bll_[0-9a-f]{16}_[\w-]{20,}/g;
// A credential, not prose: 16 or more token characters, a digit among them.
const BEARER = /\bBearer\s+(?=[\w.~+/=-]*\d)[\w.~+/=-]{16,}/gi;

/**
 * The check behind the redact paths, on every serialised line: an email address, a Leadline API key
 * or a bearer credential inside a message, an error text or a field nobody listed is masked too.
 */
export function scrubLine(line: string): string {
  let scrubbed = line;
  if (scrubbed.includes('@')) scrubbed = scrubbed.replace(EMAIL, '[email]');
  if (scrubbed.includes('ll_')) scrubbed = scrubbed.replace(API_KEY, '[api key]');
  if (/bearer/i.test(scrubbed)) scrubbed = scrubbed.replace(BEARER, `Bearer ${REDACTED}`);
  return scrubbed;
}
