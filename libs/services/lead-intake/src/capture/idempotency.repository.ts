import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@leadline/event-store';
import { IDEMPOTENCY } from '../schema/lead-intake.schema';

export type CaptureStatus = 'captured' | 'duplicate';

export interface CaptureAnswer {
  readonly leadId: string;
  readonly status: CaptureStatus;
}

export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used with a different request body`);
  }
}

/** A stable hash of a JSON value: object keys sorted, so key order in the body does not matter. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The answer already given for this key, or a conflict when the key came with another body. */
export async function replayedAnswer(tx: SqlExecutor, key: string, hash: string): Promise<CaptureAnswer | null> {
  const { rows } = await tx.query<{ request_hash: string; lead_id: string; status: CaptureStatus }>(
    `select request_hash, lead_id, status from ${IDEMPOTENCY} where key = $1`,
    [key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) throw new IdempotencyKeyReusedError(key);
  return { leadId: row.lead_id, status: row.status };
}

export async function rememberAnswer(tx: SqlExecutor, key: string, hash: string, answer: CaptureAnswer): Promise<void> {
  await tx.query(`insert into ${IDEMPOTENCY} (key, request_hash, lead_id, status) values ($1, $2, $3, $4)`, [
    key,
    hash,
    answer.leadId,
    answer.status,
  ]);
}
