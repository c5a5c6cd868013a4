import { createHash } from 'node:crypto';
import type { ReadModel } from './read-model';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** Stands in for the version schema when hashing DDL, so every version of the same code hashes alike. */
const SCHEMA_PLACEHOLDER = 'metrics_vx';

/**
 * Checks the models a version is built from: table names are safe identifiers, unique across
 * models (each becomes a view `metrics.<table>`), and every model names the events it reads.
 */
export function checkReadModels(models: readonly ReadModel[]): void {
  if (models.length === 0) throw new Error('Metrics needs at least one read model');
  const names = new Set<string>();
  const tables = new Set<string>();
  for (const model of models) {
    if (names.has(model.name)) throw new Error(`Read model ${model.name} is listed twice`);
    names.add(model.name);
    if (model.tables.length === 0) throw new Error(`Read model ${model.name} has no tables`);
    for (const table of model.tables) {
      if (!IDENTIFIER.test(table))
        throw new Error(`Read model ${model.name}: table name ${JSON.stringify(table)} is not a lower-case SQL identifier`);
      if (tables.has(table)) throw new Error(`Read model ${model.name}: table ${table} belongs to another model too`);
      tables.add(table);
    }
  }
}

export const tablesOf = (models: readonly ReadModel[]): string[] => models.flatMap((m) => [...m.tables]);

/**
 * What identifies the shape of a version: model names, tables, DDL and event types. A runner only
 * projects versions built from the same fingerprint as its code; a new fingerprint needs a new
 * version (built beside the live one, then switched to). A change of `apply` logic alone does not
 * move the fingerprint: rebuild explicitly (`npm run metrics:rebuild`).
 */
export function fingerprintOf(models: readonly ReadModel[]): string {
  const shape = models.map((m) => ({
    name: m.name,
    tables: m.tables,
    ddl: m.ddl(SCHEMA_PLACEHOLDER),
    eventTypes: [...m.eventTypes].sort(),
  }));
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}
