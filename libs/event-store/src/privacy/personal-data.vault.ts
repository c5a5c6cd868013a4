import { randomUUID } from 'node:crypto';
import { applyMigrations, sqlMigration, type MigrationSet } from '../migrations/migrations';
import type { SqlDatabase, SqlExecutor } from '../sql.port';
import { deriveKey, hmac, KEY_BYTES, newKey, open, packSealed, seal, unpackSealed } from './crypto';

export const PRIVACY_SCHEMA = 'privacy';
export const DATA_KEYS = `${PRIVACY_SCHEMA}.data_keys`;
export const MASTER_KEY_CHECK = `${PRIVACY_SCHEMA}.master_key`;

const BASELINE = [
  // One data key per person (subject: the lead id). wrapped_key is the key encrypted under the
  // master key; erasure sets it to null for ever, which leaves the person's ciphertexts unreadable.
  `create table if not exists ${DATA_KEYS} (
     key_id      text primary key,
     subject     text not null unique,
     wrapped_key text,
     created_at  timestamptz not null default now(),
     erased_at   timestamptz
   )`,
  // A fingerprint (HMAC) of the master key the data keys are wrapped with, never the key: a process
  // started with another master key is refused instead of failing on every read.
  `create table if not exists ${MASTER_KEY_CHECK} (
     id          smallint primary key check (id = 1),
     fingerprint text not null,
     created_at  timestamptz not null default now()
   )`,
];

/** The master key given does not match the one this database's data keys are wrapped with. */
export class MasterKeyMismatchError extends Error {
  override readonly name = 'MasterKeyMismatchError';
}

export type DataKey = { readonly keyId: string; readonly key: Buffer } | { readonly keyId: string | null; readonly erased: true };

interface KeyRow {
  key_id: string;
  subject: string;
  wrapped_key: string | null;
}

/**
 * Per-person data keys wrapped by the master key, and keyed hashes (HMAC) for lookups that must
 * not hold plaintext. Keys are unwrapped per call and never cached, so an erasure holds at once in
 * every process.
 */
export class PersonalDataVault {
  private readonly wrappingKey: Buffer;
  private readonly digestKey: Buffer;
  readonly fingerprint: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== KEY_BYTES) throw new RangeError(`The master key must be ${KEY_BYTES} bytes, got ${masterKey.length}`);
    this.wrappingKey = deriveKey(masterKey, 'data-key-wrapping');
    this.digestKey = deriveKey(masterKey, 'lookup-digest');
    this.fingerprint = hmac(deriveKey(masterKey, 'fingerprint'), 'leadline master key');
  }

  /** Creates the key tables if needed and checks the master key against the one the database knows (the first start records it). */
  static async open(db: SqlDatabase, masterKey: Buffer): Promise<PersonalDataVault> {
    const vault = new PersonalDataVault(masterKey);
    await migratePrivacy(db);
    await db.query(`insert into ${MASTER_KEY_CHECK} (id, fingerprint) values (1, $1) on conflict (id) do nothing`, [vault.fingerprint]);
    const { rows } = await db.query<{ fingerprint: string }>(`select fingerprint from ${MASTER_KEY_CHECK} where id = 1`);
    if (rows[0]?.fingerprint !== vault.fingerprint)
      throw new MasterKeyMismatchError(
        'The master key (LEADLINE_MASTER_KEY / LEADLINE_MASTER_KEY_FILE) is not the one this database was started with: ' +
          'every process on one database needs the same master key',
      );
    return vault;
  }

  /** A keyed hash of a lookup value (e.g. a normalised email): equal values, equal digests; not reversible without the master key. */
  digest(value: string): string {
    return hmac(this.digestKey, value);
  }

  /** Each subject's data key, created for subjects that have none; erased subjects answer `erased`. */
  async keysForSubjects(tx: SqlExecutor, subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(subjects)];
    if (wanted.length === 0) return new Map();
    let rows = await this.rowsBySubject(tx, wanted);
    const missing = wanted.filter((subject) => !rows.some((row) => row.subject === subject));
    if (missing.length > 0) {
      const keyIds = missing.map(() => randomUUID());
      const wrapped = missing.map((_, i) => packSealed(seal(this.wrappingKey, newKey(), wrapAad(keyIds[i]))));
      await tx.query(
        `insert into ${DATA_KEYS} (key_id, subject, wrapped_key)
         select * from unnest($1::text[], $2::text[], $3::text[]) on conflict (subject) do nothing`,
        [keyIds, missing, wrapped],
      );
      rows = await this.rowsBySubject(tx, wanted);
    }
    return new Map(rows.map((row) => [row.subject, this.unwrap(row)]));
  }

  /** The data keys with these ids; an erased or unknown id answers `erased`. */
  async keysById(tx: SqlExecutor, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(keyIds)];
    if (wanted.length === 0) return new Map();
    const { rows } = await tx.query<KeyRow>(`select key_id, subject, wrapped_key from ${DATA_KEYS} where key_id = any($1::text[])`, [
      wanted,
    ]);
    const found = new Map(rows.map((row) => [row.key_id, this.unwrap(row)]));
    return new Map(wanted.map((keyId) => [keyId, found.get(keyId) ?? { keyId, erased: true }]));
  }

  /**
   * Destroys the subject's data key (a tombstone stays, so no new key is made for it). True when
   * this call erased it; false when it was erased before. Idempotent.
   */
  async erase(tx: SqlExecutor, subject: string): Promise<boolean> {
    const { rows } = await tx.query<{ key_id: string }>(
      `insert into ${DATA_KEYS} as k (key_id, subject, wrapped_key, erased_at) values ($1, $2, null, now())
       on conflict (subject) do update set wrapped_key = null, erased_at = now() where k.erased_at is null
       returning k.key_id`,
      [randomUUID(), subject],
    );
    return rows.length > 0;
  }

  private async rowsBySubject(tx: SqlExecutor, subjects: readonly string[]): Promise<KeyRow[]> {
    const { rows } = await tx.query<KeyRow>(`select key_id, subject, wrapped_key from ${DATA_KEYS} where subject = any($1::text[])`, [
      subjects,
    ]);
    return rows;
  }

  private unwrap(row: KeyRow): DataKey {
    if (row.wrapped_key === null) return { keyId: row.key_id, erased: true };
    return { keyId: row.key_id, key: open(this.wrappingKey, unpackSealed(row.wrapped_key), wrapAad(row.key_id), `Data key ${row.key_id}`) };
  }
}

const wrapAad = (keyId: string): string => `leadline/data-key/${keyId}`;

/** The per-person data keys and the master key's fingerprint (every process opens the vault). */
export const PRIVACY_MIGRATIONS: MigrationSet = {
  schema: PRIVACY_SCHEMA,
  migrations: [sqlMigration('PrivacyDataKeys1796342400000', BASELINE)],
};

/** Applies the privacy schema's pending migrations; only reads when there are none (a DML-only role may open the vault). */
export async function migratePrivacy(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [PRIVACY_MIGRATIONS]);
}
