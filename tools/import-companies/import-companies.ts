/**
 * Imports a company directory CSV into enrichment.companies (upsert by domain), streaming it.
 *   node -r ./tools/register.cjs tools/import-companies/import-companies.ts companies.csv
 * Uses DATABASE_URL when set, else the embedded PGlite database in DATA_DIR (as the platform does).
 * Columns: domain,name,headcount,annual_revenue,industry,technologies (technologies separated by ; or |).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createPgDatabase, createPgliteDatabase } from '@leadline/event-store';
import { ConfigurationError, loadConfig } from '@leadline/platform';
import { importCompanies, migrateEnrichment } from '@leadline/service-enrichment';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: import-companies <file.csv>\n');
    return 2;
  }
  if (!(await stat(file).catch(() => null))?.isFile()) {
    process.stderr.write(`import-companies: no such file: ${file}\n`);
    return 2;
  }
  let config;
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
    await migrateEnrichment(db);
    const result = await importCompanies(db, createReadStream(file), (n) => process.stderr.write(`\rimported ${n} companies`));
    process.stderr.write('\n');
    for (const { line, reason } of result.rejected) process.stderr.write(`line ${line}: ${reason}\n`);
    process.stdout.write(`${JSON.stringify({ imported: result.imported, rejected: result.rejected.length })}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import-companies failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
