// The image's entry point and `npm run start:service -- <name>`: runs one service's app
// (apps/<name>/src/main), the embedded platform, or the database migrations (tools/migrate).
// Module paths have no extension: the register hook resolves the TypeScript sources in the
// repository, plain `node` the compiled JavaScript of `npm run build`.
import 'reflect-metadata';
import { join } from 'node:path';

const SERVICES = ['lead-intake', 'enrichment', 'scoring', 'routing', 'appointments', 'customer-success', 'metrics', 'policy-lab'] as const;
const COMMANDS = ['platform', ...SERVICES, 'migrate'] as const;

function resolvable(path: string): boolean {
  try {
    require.resolve(path);
    return true;
  } catch {
    return false;
  }
}

const name = process.argv[2];
if (!name || !(COMMANDS as readonly string[]).includes(name)) {
  process.stderr.write(`${name ? `Unknown command "${name}". ` : ''}Usage: start-service <${COMMANDS.join('|')}>\n`);
  process.exit(2);
}

const entry = name === 'migrate' ? join(__dirname, 'migrate', 'migrate') : join(__dirname, '..', 'apps', name, 'src', 'main');
if (!resolvable(entry)) {
  process.stderr.write(`${name}: ${entry} is missing from this build\n`);
  process.exit(1);
}
process.argv.splice(2, 1);
void import(entry);
