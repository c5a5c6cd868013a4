import type { RecordedEvent, SqlExecutor } from '@leadline/event-store';

/** Where a read model writes one batch: the version schema being built or kept live. */
export interface ReadModelContext {
  /** The open transaction; the projection's checkpoint commits in it. */
  readonly tx: SqlExecutor;
  /** The version schema, e.g. `metrics_v3` (a safe identifier, use it unquoted). */
  readonly schema: string;
}

/**
 * One analysts' read model: fact tables in a versioned schema (`metrics_v<N>`), each exposed as a
 * view `metrics.<table>` that points at the live version. A rebuild applies the whole global log
 * from position zero into a new version, then switches the views over in one transaction.
 *
 * `apply` must be deterministic and independent of how the log is cut into batches: a rebuild in
 * 5,000-event batches yields the same rows as live application one event at a time.
 */
export interface ReadModel {
  readonly name: string;
  /** Tables (and their views) this model owns; order matters only for DDL. */
  readonly tables: readonly string[];
  /** Those of `tables` that are views over the others (created by `ddl`, never copied between versions). */
  readonly views?: readonly string[];
  /** CREATE TABLE / CREATE INDEX statements for the given version schema. */
  ddl(schema: string): readonly string[];
  /** Event types this model reads; the engine hands it only these, in log order. */
  readonly eventTypes: readonly string[];
  /** Applies one batch, set-based: a few statements per batch, not one per event. */
  apply(events: readonly RecordedEvent[], ctx: ReadModelContext): Promise<void>;
}
