import type { ApiKey, ApiKeyState } from '@leadline/domain';
import { sqlMigration, type MigrationSet, type SqlExecutor } from '@leadline/event-store';

/** The lookup read model of `apikey-*` streams, written in the transaction that appends (in the shared store's database). */
export const ACCESS_MIGRATIONS: MigrationSet = {
  schema: 'access',
  migrations: [
    sqlMigration('AccessApiKeys1796515200000', [
      `create table if not exists access.api_keys (
         key_id       text primary key,
         label        text not null,
         roles        jsonb not null,
         rep_id       text,
         sources      jsonb,
         expires_at   timestamptz,
         secret_hash  text not null,
         issued_by    text not null,
         issued_at    timestamptz not null,
         revoked_by   text,
         revoked_at   timestamptz
       )`,
    ]),
    sqlMigration('AccessApiKeysManagerEmail1796601600000', ['alter table access.api_keys add column if not exists manager_email text']),
  ],
};

/** A key as the admin API shows it: never its secret or hash. */
export type ApiKeyView = ApiKey;

export interface ApiKeyRecord extends ApiKeyView {
  readonly secretHash: string;
}

interface Row {
  key_id: string;
  label: string;
  roles: string[] | string;
  rep_id: string | null;
  sources: string[] | string | null;
  manager_email?: string | null;
  expires_at: Date | string | null;
  secret_hash: string;
  issued_by: string;
  issued_at: Date | string;
  revoked_by: string | null;
  revoked_at: Date | string | null;
}

export async function saveApiKey(tx: SqlExecutor, state: ApiKeyState): Promise<void> {
  if (state.status === 'none') return;
  await tx.query(
    `insert into access.api_keys (key_id, label, roles, rep_id, sources, expires_at, secret_hash, issued_by, issued_at, revoked_by, revoked_at, manager_email)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (key_id) do update set revoked_by = excluded.revoked_by, revoked_at = excluded.revoked_at`,
    [
      state.keyId,
      state.label,
      JSON.stringify(state.roles),
      state.repId,
      state.sources ? JSON.stringify(state.sources) : null,
      state.expiresAt,
      state.secretHash,
      state.issuedBy,
      state.issuedAt,
      state.revokedBy,
      state.revokedAt,
      state.managerEmail,
    ],
  );
}

export async function findApiKey(db: SqlExecutor, keyId: string): Promise<ApiKeyRecord | null> {
  const { rows } = await db.query<Row>('select * from access.api_keys where key_id = $1', [keyId]);
  return rows[0] ? recordOf(rows[0]) : null;
}

export async function listApiKeys(db: SqlExecutor): Promise<ApiKeyView[]> {
  const { rows } = await db.query<Row>('select * from access.api_keys order by issued_at, key_id');
  return rows.map((row) => viewOf(recordOf(row)));
}

export async function countApiKeys(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*)::text as n from access.api_keys');
  return Number(rows[0].n);
}

export function viewOf(record: ApiKeyRecord): ApiKeyView {
  const { secretHash: _secretHash, ...view } = record;
  return view;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function recordOf(row: Row): ApiKeyRecord {
  return {
    keyId: row.key_id,
    label: row.label,
    roles: json(row.roles),
    repId: row.rep_id,
    sources: row.sources === null ? null : json(row.sources),
    managerEmail: row.manager_email ?? null,
    expiresAt: iso(row.expires_at),
    secretHash: row.secret_hash,
    issuedBy: row.issued_by,
    issuedAt: new Date(row.issued_at).toISOString(),
    revokedBy: row.revoked_by,
    revokedAt: iso(row.revoked_at),
  };
}
