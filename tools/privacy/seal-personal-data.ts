/**
 * Encrypts the personal data written before encryption existed (run once after upgrading; safe to
 * run again). Stop the services first.
 *   npm run privacy:seal
 * Uses DATABASE_URL when set, else the embedded PGlite database in DATA_DIR, and the master key the
 * services use (LEADLINE_MASTER_KEY, LEADLINE_MASTER_KEY_FILE or DATA_DIR/master.key).
 *  1. every stored event with personal fields and no envelope is encrypted in place under its
 *     person's data key (libs/event-store sealPlaintextEvents);
 *  2. lead-intake's identity claims holding a plaintext email, phone or company key get its keyed hash.
 * Prints {"sealedEvents":n,"digestedClaims":m}.
 */
import { PERSONAL_DATA_FIELDS } from '@leadline/domain';
import {
  createPgDatabase,
  createPgliteDatabase,
  migrateEventStore,
  PersonalDataCodec,
  PersonalDataVault,
  sealPlaintextEvents,
  type SqlDatabase,
} from '@leadline/event-store';
import { ConfigurationError, loadConfig, loadMasterKey, type PlatformConfig } from '@leadline/platform';
import { digestPlaintextClaims, migrateLeadIntake } from '@leadline/service-lead-intake';

export interface SealOutcome {
  readonly sealedEvents: number;
  readonly digestedClaims: number;
}

export async function sealPersonalData(
  db: SqlDatabase,
  config: PlatformConfig,
  onProgress?: (sealed: number) => void,
): Promise<SealOutcome> {
  await migrateEventStore(db);
  await migrateLeadIntake(db);
  const vault = await PersonalDataVault.open(db, await loadMasterKey(config));
  const codec = new PersonalDataCodec(vault, PERSONAL_DATA_FIELDS);
  const { sealed } = await sealPlaintextEvents(db, codec, PERSONAL_DATA_FIELDS, { onBatch: (p) => onProgress?.(p.sealed) });
  const digestedClaims = await digestPlaintextClaims(db, (value) => vault.digest(value));
  return { sealedEvents: sealed, digestedClaims };
}

async function main(): Promise<number> {
  let config: PlatformConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const db = config.databaseUrl ? await createPgDatabase(config.databaseUrl) : await createPgliteDatabase(config.dataDir);
  try {
    const outcome = await sealPersonalData(db, config, (n) => process.stderr.write(`\rsealed ${n} events`));
    process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`seal-personal-data: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
