// `npm run start:service -- <name>`: runs one service's app (apps/<name>/src/main.ts).
import { join } from 'node:path';

const SERVICES = ['lead-intake', 'enrichment', 'scoring', 'routing', 'appointments', 'customer-success', 'metrics'] as const;

const name = process.argv[2];
if (!name || !(SERVICES as readonly string[]).includes(name)) {
  process.stderr.write(`${name ? `Unknown service "${name}". ` : ''}Usage: npm run start:service -- <${SERVICES.join('|')}>\n`);
  process.exit(1);
}

// The register hook that runs this file also compiles the app's TypeScript on require.
void import(join(__dirname, '..', 'apps', name, 'src', 'main.ts'));
