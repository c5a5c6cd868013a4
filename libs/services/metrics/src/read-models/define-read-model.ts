import type { RecordedEvent } from '@leadline/event-store';
import type { ReadModel } from '../engine/read-model';
import { tableDdl, upsertRows, type FactTable, type Row } from './fact-table';

/** One fact row an event contributes: the table it goes to and the (partial) row. */
export type Fact = readonly [table: FactTable, row: Row];

export interface ReadModelSpec {
  readonly name: string;
  /** In DDL order; names are unique across every model (they become `metrics.<table>` views). */
  readonly tables: readonly FactTable[];
  readonly eventTypes: readonly string[];
  /** The rows one event writes; pure, so any batch cut yields the same facts in the same order. */
  facts(event: RecordedEvent): readonly Fact[];
}

/**
 * A read model from a pure event → facts mapping. A batch is folded in memory per table and key
 * (with the columns' merge rules), then written with one multi-row upsert per table.
 */
export function defineReadModel(spec: ReadModelSpec): ReadModel {
  const types = new Set(spec.eventTypes);
  return {
    name: spec.name,
    tables: spec.tables.map((t) => t.name),
    eventTypes: spec.eventTypes,
    ddl: (schema) => spec.tables.flatMap((t) => tableDdl(schema, t)),
    async apply(events, { tx, schema }) {
      const rows = new Map<FactTable, Row[]>(spec.tables.map((t) => [t, []]));
      for (const event of events) {
        if (!types.has(event.type)) continue;
        for (const [table, row] of spec.facts(event)) rows.get(table)?.push(row);
      }
      for (const table of spec.tables) await upsertRows(tx, schema, table, rows.get(table) ?? []);
    },
  };
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Domain times arrive as ISO strings in any offset; stored and compared as UTC ISO strings. */
export function iso(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (CANONICAL.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
