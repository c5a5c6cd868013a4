/**
 * Rotates the master key: re-wraps every per-person data key and the lookup-digest key under a new
 * master key, in one transaction. Stop the services first; start them again with the new key.
 *   LEADLINE_NEW_MASTER_KEY=<32 bytes, base64 or hex> npm run privacy:rotate-master-key
 * (or LEADLINE_NEW_MASTER_KEY_FILE). The current key is the services' (LEADLINE_MASTER_KEY,
 * LEADLINE_MASTER_KEY_FILE or DATA_DIR/master.key); with the generated one, the new key is written
 * over DATA_DIR/master.key (mode 0600) once the database has switched. Prints {"rewrapped":n}.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPgDatabase, createPgliteDatabase, PersonalDataVault } from '@leadline/event-store';
import { ConfigurationError, EnvReader, loadConfig, loadMasterKey, MASTER_KEY_FILE_NAME, parseMasterKey } from '@leadline/platform';

async function main(): Promise<number> {
  try {
    const config = loadConfig(process.env);
    const reader = new EnvReader(process.env);
    const text = reader.secret('LEADLINE_NEW_MASTER_KEY');
    if (reader.problems.length > 0) throw new ConfigurationError(reader.problems);
    if (!text) throw new ConfigurationError(['LEADLINE_NEW_MASTER_KEY (or LEADLINE_NEW_MASTER_KEY_FILE) is required']);
    const newKey = parseMasterKey(text, 'LEADLINE_NEW_MASTER_KEY');
    const oldKey = await loadMasterKey(config);
    const db = config.databaseUrl ? await createPgDatabase(config.databaseUrl) : await createPgliteDatabase(config.dataDir);
    try {
      const rewrapped = await PersonalDataVault.rotateMasterKey(db, oldKey, newKey);
      if (!config.masterKey) {
        const path = join(config.dataDir, MASTER_KEY_FILE_NAME);
        await writeFile(path, `${newKey.toString('base64')}\n`, { mode: 0o600 });
        await chmod(path, 0o600);
      }
      process.stdout.write(`${JSON.stringify({ rewrapped })}\n`);
      return 0;
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rotate-master-key: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
