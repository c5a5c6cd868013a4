import { createTestDatabase } from './database';
import { createTempDir } from './temp-dir';

export type Driver = 'pg' | 'pglite';
export const DRIVERS: readonly Driver[] = ['pg', 'pglite'];

/** A fresh place for an event store and read models, for one test suite. */
export interface StoreLocation {
  readonly driver: Driver;
  /** The database URL (pg) or the PGlite folder: what a process opens. */
  readonly location: string;
  /** The same as the platform's settings: DATABASE_URL or DATA_DIR. */
  readonly env: Readonly<Record<'DATABASE_URL' | 'DATA_DIR', string | undefined>>;
  /** Drops the database or removes the folder; close what was opened on it first. */
  cleanup(): Promise<void>;
}

/** A database of its own on the test PostgreSQL server, or an empty PGlite folder. */
export async function freshStoreLocation(
  driver: Driver,
  label: string,
  options: { readonly fastCommits?: boolean } = {},
): Promise<StoreLocation> {
  if (driver === 'pg') {
    const database = await createTestDatabase(label, options);
    return { driver, location: database.url, env: { DATABASE_URL: database.url, DATA_DIR: undefined }, cleanup: () => database.drop() };
  }
  const dir = await createTempDir(label);
  return { driver, location: dir.path, env: { DATABASE_URL: undefined, DATA_DIR: dir.path }, cleanup: () => dir.cleanup() };
}
