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

/** The answers already given for these keys, by key (one read); a conflict when a key came with another body. */
export async function replayedAnswers(
  tx: SqlExecutor,
  requests: readonly { readonly key: string; readonly requestHash: string }[],
): Promise<Map<string, CaptureAnswer>> {
  const answers = new Map<string, CaptureAnswer>();
  if (requests.length === 0) return answers;
  const { rows } = await tx.query<{ key: string; request_hash: string; lead_id: string; status: CaptureStatus }>(
    `select key, request_hash, lead_id, status from ${IDEMPOTENCY} where key = any($1::text[])`,
    [requests.map((r) => r.key)],
  );
  const hashes = new Map(requests.map((r) => [r.key, r.requestHash]));
  for (const row of rows) {
    if (row.request_hash !== hashes.get(row.key)) throw new IdempotencyKeyReusedError(row.key);
    answers.set(row.key, { leadId: row.lead_id, status: row.status });
  }
  return answers;
}

/** Several answers in one statement. */
export async function rememberAnswers(
  tx: SqlExecutor,
  answers: readonly { readonly key: string; readonly requestHash: string; readonly answer: CaptureAnswer }[],
): Promise<void> {
  if (answers.length === 0) return;
  await tx.query(
    `insert into ${IDEMPOTENCY} (key, request_hash, lead_id, status)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      answers.map((a) => a.key),
      answers.map((a) => a.requestHash),
      answers.map((a) => a.answer.leadId),
      answers.map((a) => a.answer.status),
    ],
  );
}
