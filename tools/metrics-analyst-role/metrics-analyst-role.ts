/**
 * Creates (or re-grants) the analysts' read-only PostgreSQL role on the metrics views:
 *   node -r ./tools/register.cjs tools/metrics-analyst-role/metrics-analyst-role.ts [--login <user>]
 * `leadline_analyst` (NOLOGIN) gets USAGE on schema metrics, SELECT on its views and on views
 * created later; with --login, a login user joins it (password from METRICS_ANALYST_PASSWORD,
 * never on the command line). Uses DATABASE_URL, else the embedded database in DATA_DIR.
 * Run it as a user with CREATEROLE (or after an administrator created the role).
 */
import { createPgDatabase, createPgliteDatabase } from '@leadline/event-store';
import { ConfigurationError, loadConfig } from '@leadline/platform';
import { ensureAnalystRole } from '@leadline/service-metrics';

function usage(message: string): number {
  process.stderr.write(
    `metrics-analyst-role: ${message}\nusage: metrics-analyst-role [--login <user>]  (password in METRICS_ANALYST_PASSWORD)\n`,
  );
  return 2;
}

async function main(args: readonly string[]): Promise<number> {
  let user: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--login' && args[i + 1]) user = args[++i];
    else return usage(`unknown argument ${JSON.stringify(args[i])}`);
  }
  const password = process.env.METRICS_ANALYST_PASSWORD;
  if (user !== undefined && !password) return usage('--login needs METRICS_ANALYST_PASSWORD');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const db = config.databaseUrl ? await createPgDatabase(config.databaseUrl) : await createPgliteDatabase(config.dataDir);
  try {
    const result = await ensureAnalystRole(db, { login: user !== undefined && password ? { user, password } : undefined });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.status === 'granted' ? 0 : 1;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`metrics-analyst-role failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
