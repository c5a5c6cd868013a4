import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';

/** AES-256: keys are 32 bytes. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const ALGORITHM = 'aes-256-gcm';

/** AES-256-GCM output, base64 parts. */
export interface Sealed {
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

/** A ciphertext that does not open: wrong key, or data altered. The message never holds the plaintext. */
export class UnreadableCiphertextError extends Error {
  override readonly name = 'UnreadableCiphertextError';
}

/** How many bytes of the CSPRNG the pool below holds between refills. */
export const RANDOM_POOL_BYTES = 4096;
const randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
let randomPoolUsed = RANDOM_POOL_BYTES;

/**
 * `size` bytes of the CSPRNG (node's randomFillSync, OpenSSL's RAND_bytes), taken from a pool filled 4 KiB at a time,
 * as node's own randomUUID does: randomBytes for each IV and data key cost ~2 µs a call (a few calls a lead, ~1.5 % of
 * lead-intake's CPU at 400 leads/s in a V8 profile), the pool ~0.3. Every byte is handed out once and zeroed in the
 * pool as it goes; the result has its own memory (never a slice of a shared pool).
 */
export function freshRandomBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size <= 0 || size > RANDOM_POOL_BYTES)
    throw new RangeError(`freshRandomBytes: size ${size} is not 1-${RANDOM_POOL_BYTES}`);
  if (randomPoolUsed + size > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    randomPoolUsed = 0;
  }
  const bytes = Buffer.alloc(size);
  randomPool.copy(bytes, 0, randomPoolUsed, randomPoolUsed + size);
  randomPool.fill(0, randomPoolUsed, randomPoolUsed + size);
  randomPoolUsed += size;
  return bytes;
}

export function newKey(): Buffer {
  return freshRandomBytes(KEY_BYTES);
}

/** Encrypts and authenticates `plaintext` under `key`; `aad` is authenticated too (it binds the ciphertext to its place). */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = freshRandomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function open(key: Buffer, sealed: Sealed, aad: string, what: string): Buffer {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new UnreadableCiphertextError(`${what} does not decrypt: wrong master key, or the data was altered`);
  }
}

/** A key for one purpose derived from the master key (HKDF-SHA256), so one secret serves wrapping and hashing without reuse. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `leadline/${purpose}`, KEY_BYTES));
}

export function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/** `v1.<iv>.<tag>.<ciphertext>`: a wrapped data key as stored. */
export function packSealed(sealed: Sealed): string {
  return `v1.${sealed.iv}.${sealed.tag}.${sealed.ciphertext}`;
}

export function unpackSealed(packed: string): Sealed {
  const [version, iv, tag, ciphertext] = packed.split('.');
  if (version !== 'v1' || !iv || !tag || !ciphertext) throw new UnreadableCiphertextError('A wrapped data key is not in the v1 format');
  return { iv, tag, ciphertext };
}
