// The demo organisation `npm start` brings up on a fresh embedded store, so a newcomer can
// post a lead and watch it enriched, scored and assigned: SDRs through the roster API, and the
// company directory through the enrichment import. DEMO_ORG=false starts empty.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import { ADMIN_KEY_FILE, SQL_DATABASE, type PlatformConfig } from '@leadline/platform';
import { importCompanies } from '@leadline/service-enrichment';

const DEMO = join(__dirname, '..', 'demo');

export function demoOrganisationWanted(env: NodeJS.ProcessEnv): boolean {
  const value = (env.DEMO_ORG ?? 'true').trim().toLowerCase();
  if (value !== 'true' && value !== 'false') {
    process.stderr.write(`Invalid configuration: DEMO_ORG must be true or false (got ${JSON.stringify(env.DEMO_ORG)})\n`);
    process.exit(1);
  }
  return value === 'true';
}

/** Seeds once: skipped when the roster already has SDRs, or on a shared PostgreSQL (distributed mode). */
export async function seedDemoOrganisation(app: INestApplication, config: PlatformConfig): Promise<void> {
  const logger = new Logger('DemoOrganisation');
  if (config.databaseUrl) return;
  if (config.services && !['routing', 'enrichment'].every((name) => config.services?.includes(name))) return;
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const key = await adminKeyOf(config);
  if (key === undefined && !config.auth.disabled) {
    logger.warn(`Demo organisation skipped: no admin key (AUTH_ADMIN_KEY, or ${ADMIN_KEY_FILE} in the data folder)`);
    return;
  }
  const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const rosterResponse = await fetch(`${base}/sdrs`, { headers: auth });
  if (!rosterResponse.ok) throw new Error(`demo roster: ${rosterResponse.status} ${await rosterResponse.text()}`);
  const roster = (await rosterResponse.json()) as unknown[];
  if (roster.length > 0) return;

  const sdrs = JSON.parse(await readFile(join(DEMO, 'sdrs.json'), 'utf8')) as Array<{ sdrId: string }>;
  for (const sdr of sdrs) {
    const response = await fetch(`${base}/sdrs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(sdr),
    });
    if (!response.ok) throw new Error(`demo SDR ${sdr.sdrId}: ${response.status} ${await response.text()}`);
  }
  const companies = await importCompanies(app.get<SqlDatabase>(SQL_DATABASE), createReadStream(join(DEMO, 'companies.csv')));
  logger.log(`Demo organisation: ${sdrs.length} SDRs, ${companies.imported} companies (DEMO_ORG=false to start empty)`);
}

/** The seeding runs as admin: the configured key, or the one the first start wrote into the data folder. */
async function adminKeyOf(config: PlatformConfig): Promise<string | undefined> {
  if (config.auth.adminKey) return config.auth.adminKey;
  return readFile(join(config.dataDir, ADMIN_KEY_FILE), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
}
