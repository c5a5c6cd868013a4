import { createHash, randomUUID } from 'node:crypto';

export function newEventId(): string {
  return randomUUID();
}

/**
 * The id of an event written in reaction to another: derived from the causing event's id
 * (UUID v5-style name-based hash), so a redelivered cause cannot write its reaction twice.
 */
export function deriveEventId(causationEventId: string, discriminator = ''): string {
  const hash = createHash('sha1').update(`${causationEventId}/${discriminator}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
