/**
 * The database migrations, run once before the services start (`npm run migrate`; in the image
 * `node tools/start-service.js migrate`, which the Kubernetes migrations Job and compose run):
 *
 *   migrate                               apply every pending migration of every schema, in order
 *   migrate status                        list the pending ones; exit 1 when there are any
 *   migrate grants <role> <service>[,…]   print the GRANTs a DML-only runtime role needs for those services
 *
 * Uses DATABASE_URL, else the embedded database in DATA_DIR. Run it as the schemas' owner (a role
 * that may CREATE in the database); the services can then run as roles without CREATE.
 */
import { applyMigrations, pendingMigrations, runtimeGrants } from '@leadline/event-store';
import { ConfigurationError, loadConfig, migrationSetsOf, openDatabase } from '@leadline/platform';
import { PLATFORM_SERVICES } from '../../apps/platform/src/platform-services';

const SERVICES = PLATFORM_SERVICES;

function usage(message: string): number {
  process.stderr.write(`migrate: ${message}\nusage: migrate [status | grants <role> <service>[,<service>…]]\n`);
  return 2;
}

function grants(role: string | undefined, names: string | undefined): number {
  if (!role || !names) return usage('grants needs a role and a comma-separated list of services');
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !SERVICES.some((service) => service.name === name));
  if (unknown.length > 0)
    return usage(`unknown service(s) ${unknown.join(', ')}; the services are ${SERVICES.map((s) => s.name).join(', ')}`);
  const schemas = migrationSetsOf(SERVICES.filter((service) => wanted.includes(service.name))).map((set) => set.schema);
  process.stdout.write(`${runtimeGrants(schemas, role).join(';\n')};\n`);
  return 0;
}

async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'grants') return grants(rest[0], rest[1]);
  if (command !== undefined && command !== 'status') return usage(`unknown command ${JSON.stringify(command)}`);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const sets = migrationSetsOf(SERVICES);
  const total = sets.reduce((sum, set) => sum + set.migrations.length, 0);
  const db = await openDatabase(config);
  try {
    if (command === 'status') {
      const pending = await pendingMigrations(db, sets);
      for (const migration of pending) process.stdout.write(`pending ${migration.schema}: ${migration.name}\n`);
      process.stdout.write(`migrate: ${pending.length} of ${total} migrations pending over ${sets.length} schemas\n`);
      return pending.length === 0 ? 0 : 1;
    }
    const applied = await applyMigrations(db, sets);
    for (const migration of applied) process.stdout.write(`applied ${migration.schema}: ${migration.name}\n`);
    process.stdout.write(
      `migrate: ${applied.length} applied; the database is at this build's version (${total} migrations over ${sets.length} schemas)\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
