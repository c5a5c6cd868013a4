import type { RecordedEvent } from '@leadline/event-store';
import type { ReadModel } from '../engine/read-model';
import { tableDdl, upsertRows, type FactTable, type Row } from './fact-table';
import { historyViewDdl, isHistory, storageOf, type HistoryTable } from './history-table';

/**
 * One fact row an event contributes: the table it goes to and the (partial) row. A history row
 * names its entity's keys, the attributes the event sets and `at`, the business time.
 */
export type Fact = readonly [table: FactTable | HistoryTable, row: Row];

export interface ReadModelSpec {
  readonly name: string;
  /** In DDL order; names (and history views) are unique across every model (they become `metrics.<name>` views). */
  readonly tables: readonly (FactTable | HistoryTable)[];
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
  const storage = (t: FactTable | HistoryTable): FactTable => (isHistory(t) ? storageOf(t) : t);
  const tables = spec.tables.map(storage);
  const histories = spec.tables.filter(isHistory);
  return {
    name: spec.name,
    tables: spec.tables.flatMap((t) => (isHistory(t) ? [t.name, t.view] : [t.name])),
    views: histories.map((h) => h.view),
    eventTypes: spec.eventTypes,
    ddl: (schema) =>
      spec.tables.flatMap((t) => (isHistory(t) ? [...tableDdl(schema, storageOf(t)), historyViewDdl(schema, t)] : tableDdl(schema, t))),
    async apply(events, { tx, schema }) {
      const rows = new Map<FactTable, Row[]>(tables.map((t) => [t, []]));
      for (const event of events) {
        if (!types.has(event.type)) continue;
        let stamps: Stamps | undefined;
        for (const [table, row] of spec.facts(event)) {
          const target = storage(table);
          const wanted = stampsOf(target);
          if (wanted.length > 0) stamp(row, wanted, (stamps ??= stampsFor(event)));
          rows.get(target)?.push(row);
        }
      }
      for (const table of tables) await upsertRows(tx, schema, table, rows.get(table) ?? []);
    },
  };
}

const STAMPS = ['event_id', 'event', 'recorded_at', 'log_position'] as const;
type Stamps = Record<(typeof STAMPS)[number], string | number>;
const stampColumns = new WeakMap<FactTable, readonly (typeof STAMPS)[number][]>();

/** The event's own coordinates a table has columns for: its id and type, when the store recorded it and where. */
function stampsOf(table: FactTable): readonly (typeof STAMPS)[number][] {
  let stamps = stampColumns.get(table);
  if (!stamps) {
    const names = new Set(table.columns.map((c) => c.name));
    stamps = STAMPS.filter((s) => names.has(s));
    stampColumns.set(table, stamps);
  }
  return stamps;
}

function stampsFor(event: RecordedEvent): Stamps {
  return { event_id: event.id, event: event.type, recorded_at: event.recordedAt.toISOString(), log_position: Number(event.globalPosition) };
}

/** Fills the coordinates a row does not set itself; `facts` hands out fresh rows, so they are filled in place. */
function stamp(row: Row, wanted: readonly (typeof STAMPS)[number][], stamps: Stamps): void {
  const target = row as Record<string, Row[string]>;
  for (const s of wanted) if (target[s] === undefined) target[s] = stamps[s];
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Domain times arrive as ISO strings in any offset; stored and compared as UTC ISO strings. */
export function iso(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (CANONICAL.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
