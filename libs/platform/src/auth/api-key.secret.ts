import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `ll_<keyId>_<secret>`: the id (8 random bytes, hex) finds the key, the secret (32
 * random bytes, base64url) proves it. Only the SHA-256 of the secret is stored: with 256 bits of
 * entropy a plain digest cannot be brute-forced, so no slow hash is needed.
 */
const FORMAT = /^ll_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

export function parseApiKey(token: string): ParsedApiKey | null {
  const match = FORMAT.exec(token);
  return match ? { keyId: match[1], secret: match[2] } : null;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('ll_');
}

/** A new key: the whole key is shown once; the id and the hash are stored. */
export function generateApiKey(): { key: string; keyId: string; secretHash: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `ll_${keyId}_${secret}`, keyId, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time, so the answer's timing does not reveal how much of a guess was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
