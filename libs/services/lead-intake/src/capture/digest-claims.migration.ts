import type { SqlDatabase } from '@leadline/event-store';
import { CLAIMS } from '../schema/lead-intake.schema';

/** A digest as claims hold them: HMAC-SHA256 in base64url (43 characters); anything else is a value from before. */
const DIGEST = '^[A-Za-z0-9_-]{43}$';

/**
 * The migration of identity claims written before dedup used keyed hashes: each plaintext value
 * (email, phone, company key) becomes its digest, in one transaction. Idempotent.
 */
export async function digestPlaintextClaims(db: SqlDatabase, digest: (value: string) => string): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kind: string; value: string; lead_id: string }>(
      `select kind, value, lead_id from ${CLAIMS} where value !~ '${DIGEST}' for update`,
    );
    if (rows.length === 0) return 0;
    await tx.query(
      `insert into ${CLAIMS} (kind, value, lead_id) select * from unnest($1::text[], $2::text[], $3::text[]) on conflict (kind, value) do nothing`,
      [rows.map((r) => r.kind), rows.map((r) => digest(`${r.kind}:${r.value}`)), rows.map((r) => r.lead_id)],
    );
    await tx.query(`delete from ${CLAIMS} where value !~ '${DIGEST}'`);
    return rows.length;
  });
}
