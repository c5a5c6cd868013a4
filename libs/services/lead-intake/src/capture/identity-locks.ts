import { createHash } from 'node:crypto';
import { preparedStatement, type SqlExecutor } from '@leadline/event-store';
import type { IdentityKey } from '@leadline/domain';
import { CLAIMS } from '../schema/lead-intake.schema';

function lockKey(name: string): bigint {
  return createHash('sha256').update(`lead-intake/${name}`).digest().readBigInt64BE(0);
}

/**
 * Transaction-scoped advisory locks on every identity (and idempotency key) of a capture, taken
 * in one global order so two captures sharing keys serialise instead of deadlocking. Released
 * at commit, when the claims the winner wrote are visible to the next.
 */
export async function lockIdentities(tx: SqlExecutor, names: readonly string[]): Promise<void> {
  const keys = [...new Set(names.map(lockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return;
  // One statement, the keys taken in the array's (sorted) order: volatile target-list functions run after the ORDER BY.
  await tx.query(LOCK_IDENTITIES, [keys.map(String)]);
}

/** Every capture's locks, prepared on each `pg` connection (no table, nothing for a plan to weigh). */
const LOCK_IDENTITIES = preparedStatement(
  'select pg_advisory_xact_lock(k.key) from unnest($1::bigint[]) with ordinality as k(key, n) order by k.n',
);

export interface Claim extends IdentityKey {
  readonly leadId: string;
}

/** An identity as claims store it: the kind and a keyed hash (HMAC) of the normalised value, never the email or phone itself. */
export function digestKeys(keys: readonly IdentityKey[], digest: (value: string) => string): IdentityKey[] {
  return keys.map((key) => ({ kind: key.kind, value: digest(`${key.kind}:${key.value}`) }));
}

/**
 * One primary-key probe per key. As a plain join, the planner hashed the keys and scanned the
 * whole table while it was small and never analysed (it assumes 10 pages, then ~15 are cheaper
 * to scan than 3 probes): the first ~300 captures of a fresh database each read every claim. A
 * lateral subquery with a limit stays a parameterised lookup whatever the table's size.
 */
export const FIND_CLAIMS_SQL = `select k.kind, k.value, c.lead_id from unnest($1::text[], $2::text[]) as k(kind, value)
  cross join lateral (select c.lead_id from ${CLAIMS} c where c.kind = k.kind and c.value = k.value limit 1) c`;

/** The claims on these keys; pass them through digestKeys first. */
export async function findClaims(tx: SqlExecutor, keys: readonly IdentityKey[]): Promise<Claim[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<{ kind: IdentityKey['kind']; value: string; lead_id: string }>(FIND_CLAIMS_SQL, [
    keys.map((k) => k.kind),
    keys.map((k) => k.value),
  ]);
  return rows.map((row) => ({ kind: row.kind, value: row.value, leadId: row.lead_id }));
}

export async function claimIdentities(tx: SqlExecutor, leadId: string, keys: readonly IdentityKey[]): Promise<void> {
  await claimAll(
    tx,
    keys.map((key) => ({ ...key, leadId })),
  );
}

/** Claims for several leads in one statement (a list chunk's new leads); an identity claimed already keeps its lead. */
export async function claimAll(tx: SqlExecutor, claims: readonly Claim[]): Promise<void> {
  if (claims.length === 0) return;
  await tx.query(
    `insert into ${CLAIMS} (kind, value, lead_id) select k.kind, k.value, k.lead_id from unnest($1::text[], $2::text[], $3::text[]) as k(kind, value, lead_id)
     on conflict (kind, value) do nothing`,
    [claims.map((c) => c.kind), claims.map((c) => c.value), claims.map((c) => c.leadId)],
  );
}

/** A write of its own that `findOrClaim` runs in its statement when no key is claimed (a data-modifying CTE's body). */
export interface AlsoWhenUnclaimed {
  /** The CTE body: `param` is its one parameter's placeholder, `where` the condition it must write under. */
  readonly sql: (param: string, where: string) => string;
  readonly value: unknown;
}

/**
 * The claims on these keys (as findClaims) and, when there are none, in the same statement: every key claimed for
 * `leadId` and `also` written. One statement where a lone capture of a new lead took two (the lookup, then the
 * claims after its events) or three (its overview row before COMMIT). Run it after the keys' locks (lockIdentities),
 * as a statement of its own: its snapshot is taken after them, so it sees every claim a capture that held them
 * committed. A capture that finds a claim writes nothing here (it is a duplicate of that lead).
 */
export async function findOrClaim(
  tx: SqlExecutor,
  keys: readonly IdentityKey[],
  leadId: string,
  also?: AlsoWhenUnclaimed,
): Promise<Claim[]> {
  const unclaimed = 'not exists (select from found)';
  // Prepared on each `pg` connection (one text per `also`): the lookup is a primary-key probe per key whatever the
  // values (FIND_CLAIMS_SQL), and the writes go by the same key.
  const { rows } = await tx.query<{ kind: IdentityKey['kind']; value: string; lead_id: string }>(
    preparedStatement(`with found as materialized (${FIND_CLAIMS_SQL}),
     claimed as (insert into ${CLAIMS} (kind, value, lead_id) select k.kind, k.value, $3::text from unnest($1::text[], $2::text[]) as k(kind, value)
       where ${unclaimed} on conflict (kind, value) do nothing)${also ? `,\n     also as (${also.sql('$4', unclaimed)})` : ''}
     select kind, value, lead_id from found`),
    [keys.map((k) => k.kind), keys.map((k) => k.value), leadId, ...(also ? [also.value] : [])],
  );
  return rows.map((row) => ({ kind: row.kind, value: row.value, leadId: row.lead_id }));
}
