import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENT_CONTRACTS, PUBLISHED_EVENT_TYPES, schemaPathOf, type EventContract } from '@leadline/domain';

/**
 * The checked-in contracts folder (`contracts/` at the repository root, copied beside the build in
 * dist/): LEADLINE_CONTRACTS_DIR, else the first `contracts/` with an `events/` folder above this file.
 */
export function contractsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LEADLINE_CONTRACTS_DIR) return env.LEADLINE_CONTRACTS_DIR;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts', 'events'))) return join(dir, 'contracts');
    if (dirname(dir) === dir) throw new Error('No contracts/ folder found above the platform library; set LEADLINE_CONTRACTS_DIR');
  }
}

export type JsonSchemaDocument = { readonly [key: string]: unknown };

/** The current-version JSON Schema of every published event type, read from the contracts folder. */
export function loadPublishedSchemas(dir: string = contractsDir()): Map<string, JsonSchemaDocument> {
  const schemas = new Map<string, JsonSchemaDocument>();
  for (const type of PUBLISHED_EVENT_TYPES) {
    const contract = EVENT_CONTRACTS[type] as EventContract;
    schemas.set(type, JSON.parse(readFileSync(join(dir, schemaPathOf(type, contract.version)), 'utf8')) as JsonSchemaDocument);
  }
  return schemas;
}
