import type { SqlExecutor } from '@leadline/event-store';
import { IDEMPOTENCY } from '../schema/lead-intake.schema';

/**
 * POST /leads keeps its Idempotency-Key here rather than in the platform's interceptor: the key is
 * checked and written in the capture's own transaction, under the same advisory locks as its identity
 * claims, and CSV rows of an import share the table (`list:<row hash>` keys). So a capture and its key
 * commit together (no window after the commit in which an answer could be lost) and a concurrent
 * duplicate waits for the first and gets its answer instead of 409. The key syntax, the request hash
 * and the 422 for another body are the platform's (`@leadline/platform`).
 */

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
