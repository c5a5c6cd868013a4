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
  // The key of the lookup digests (HMAC), random and wrapped like a data key: rotating the master
  // key re-wraps it, so digests stored in lookup tables stay valid.
  `alter table ${MASTER_KEY_CHECK} add column if not exists wrapped_lookup_key text`,
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
  private constructor(
    private readonly wrappingKey: Buffer,
    private readonly digestKey: Buffer,
  ) {}

  /**
   * Creates the key tables if needed, checks the master key against the one the database knows (the
   * first start records its fingerprint) and unwraps the lookup-digest key (made on the first start).
   */
  static async open(db: SqlDatabase, masterKey: Buffer): Promise<PersonalDataVault> {
    const master = masterKeyParts(masterKey);
    await migratePrivacy(db);
    await db.query(
      `insert into ${MASTER_KEY_CHECK} (id, fingerprint, wrapped_lookup_key) values (1, $1, $2) on conflict (id) do update
       set wrapped_lookup_key = excluded.wrapped_lookup_key where ${MASTER_KEY_CHECK}.wrapped_lookup_key is null
         and ${MASTER_KEY_CHECK}.fingerprint = excluded.fingerprint`,
      [master.fingerprint, packSealed(seal(master.wrappingKey, newKey(), LOOKUP_KEY_AAD))],
    );
    const { rows } = await db.query<{ fingerprint: string; wrapped_lookup_key: string }>(
      `select fingerprint, wrapped_lookup_key from ${MASTER_KEY_CHECK} where id = 1`,
    );
    if (rows[0]?.fingerprint !== master.fingerprint)
      throw new MasterKeyMismatchError(
        'The master key (LEADLINE_MASTER_KEY / LEADLINE_MASTER_KEY_FILE) is not the one this database was started with: ' +
          'every process on one database needs the same master key',
      );
    const lookupKey = open(master.wrappingKey, unpackSealed(rows[0].wrapped_lookup_key), LOOKUP_KEY_AAD, 'The lookup-digest key');
    return new PersonalDataVault(master.wrappingKey, lookupKey);
  }

  /**
   * Re-wraps every data key and the lookup-digest key under a new master key and records its
   * fingerprint, in one transaction (stop the services first; they start again with the new key).
   * Ciphertexts in events, and digests in lookup tables, stay as they are. Returns the data keys re-wrapped.
   */
  static async rotateMasterKey(db: SqlDatabase, oldKey: Buffer, newMasterKey: Buffer): Promise<number> {
    const [before, after] = [masterKeyParts(oldKey), masterKeyParts(newMasterKey)];
    await migratePrivacy(db);
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<{ fingerprint: string; wrapped_lookup_key: string }>(
        `select fingerprint, wrapped_lookup_key from ${MASTER_KEY_CHECK} where id = 1 for update`,
      );
      if (rows[0]?.fingerprint !== before.fingerprint)
        throw new MasterKeyMismatchError('The current master key given is not the one this database was started with');
      const lookupKey = open(before.wrappingKey, unpackSealed(rows[0].wrapped_lookup_key), LOOKUP_KEY_AAD, 'The lookup-digest key');
      const keys = await tx.query<KeyRow>(`select key_id, subject, wrapped_key from ${DATA_KEYS} where wrapped_key is not null for update`);
      const rewrapped = keys.rows.map((row) => {
        const key = open(before.wrappingKey, unpackSealed(row.wrapped_key as string), wrapAad(row.key_id), `Data key ${row.key_id}`);
        return packSealed(seal(after.wrappingKey, key, wrapAad(row.key_id)));
      });
      await tx.query(
        `update ${DATA_KEYS} k set wrapped_key = r.wrapped from unnest($1::text[], $2::text[]) as r(key_id, wrapped)
         where k.key_id = r.key_id and k.wrapped_key is not null`,
        [keys.rows.map((row) => row.key_id), rewrapped],
      );
      await tx.query(`update ${MASTER_KEY_CHECK} set fingerprint = $1, wrapped_lookup_key = $2 where id = 1`, [
        after.fingerprint,
        packSealed(seal(after.wrappingKey, lookupKey, LOOKUP_KEY_AAD)),
      ]);
      return keys.rows.length;
    });
  }

  /** A keyed hash of a lookup value (e.g. a normalised email): equal values, equal digests; not reversible without the master key. */
  digest(value: string): string {
    return hmac(this.digestKey, value);
  }

  /**
   * Each subject's data key, created for subjects that have none; erased subjects answer `erased`. One
   * statement: a new key is made for every subject and inserted where the subject has none, and the keys
   * the subjects had are read in the same statement. A key another transaction made for one of them
   * meanwhile (committed after this statement's snapshot) is the only case that reads again.
   */
  async keysForSubjects(tx: SqlExecutor, subjects: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(subjects)];
    if (wanted.length === 0) return new Map();
    const keyIds = wanted.map(() => randomUUID());
    // The keys made here stay in hand: a row this statement inserted is not unwrapped again.
    const made = new Map<string, Buffer>(keyIds.map((keyId) => [keyId, newKey()]));
    const wrapped = keyIds.map((keyId) => packSealed(seal(this.wrappingKey, made.get(keyId) as Buffer, wrapAad(keyId))));
    let { rows } = await tx.query<KeyRow>(KEYS_FOR_SUBJECTS, [keyIds, wanted, wrapped]);
    if (rows.length < wanted.length) rows = await this.rowsBySubject(tx, wanted);
    return new Map(
      rows.map((row) => {
        const key = row.wrapped_key !== null ? made.get(row.key_id) : undefined;
        return [row.subject, key ? { keyId: row.key_id, key } : this.unwrap(row)];
      }),
    );
  }

  /** The data keys with these ids; an erased or unknown id answers `erased`. */
  async keysById(tx: SqlExecutor, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const wanted = [...new Set(keyIds)];
    if (wanted.length === 0) return new Map();
    const { rows } = await tx.query<KeyRow>(KEYS_BY_ID, [wanted]);
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
    const { rows } = await tx.query<KeyRow>(KEYS_BY_SUBJECT, [subjects]);
    return rows;
  }

  private unwrap(row: KeyRow): DataKey {
    if (row.wrapped_key === null) return { keyId: row.key_id, erased: true };
    return { keyId: row.key_id, key: open(this.wrappingKey, unpackSealed(row.wrapped_key), wrapAad(row.key_id), `Data key ${row.key_id}`) };
  }
}

/**
 * The data-key reads of every capture and every delivery of a capture, by a list of keys: planned per call, not
 * prepared. A generic plan for `= any($1)` made while the table is small (a new database, before autovacuum has
 * analyzed it) scans the whole table, and keeps doing so as it grows (the pipeline bench's minute at 50/s: 1,970
 * sequential scans of the data keys reading 2.42 M rows; 23 before they were prepared); planned per call, they take
 * the unique index.
 */
const KEYS_FOR_SUBJECTS = `with made as (
     insert into ${DATA_KEYS} (key_id, subject, wrapped_key)
     select * from unnest($1::text[], $2::text[], $3::text[]) on conflict (subject) do nothing
     returning key_id, subject, wrapped_key)
   select key_id, subject, wrapped_key from made
   union all
   select key_id, subject, wrapped_key from ${DATA_KEYS} where subject = any($2::text[])`;
const KEYS_BY_ID = `select key_id, subject, wrapped_key from ${DATA_KEYS} where key_id = any($1::text[])`;
const KEYS_BY_SUBJECT = `select key_id, subject, wrapped_key from ${DATA_KEYS} where subject = any($1::text[])`;

const wrapAad = (keyId: string): string => `leadline/data-key/${keyId}`;
const LOOKUP_KEY_AAD = 'leadline/lookup-digest-key';

/** What the master key is used as: the wrapping key (derived) and the fingerprint the database keeps. */
function masterKeyParts(masterKey: Buffer): { wrappingKey: Buffer; fingerprint: string } {
  if (masterKey.length !== KEY_BYTES) throw new RangeError(`The master key must be ${KEY_BYTES} bytes, got ${masterKey.length}`);
  return {
    wrappingKey: deriveKey(masterKey, 'data-key-wrapping'),
    fingerprint: hmac(deriveKey(masterKey, 'fingerprint'), 'leadline master key'),
  };
}

/** The per-person data keys and the master key's fingerprint (every process opens the vault). */
export const PRIVACY_MIGRATIONS: MigrationSet = {
  schema: PRIVACY_SCHEMA,
  migrations: [sqlMigration('PrivacyDataKeys1796342400000', BASELINE)],
};

/** Applies the privacy schema's pending migrations; only reads when there are none (a DML-only role may open the vault). */
export async function migratePrivacy(db: SqlDatabase): Promise<void> {
  await applyMigrations(db, [PRIVACY_MIGRATIONS]);
}
