import type { SqlDatabase, SqlExecutor } from '@leadline/event-store';
import { grantAnalystRead } from '../api/analyst/analyst-role';
import { lockVersions, VERSIONS, VIEW_SCHEMA, versionSchema } from './metrics-schema';
import { compareCheckpoints, listVersions, notifyVersions, type MetricsVersion } from './versions';

export interface SwitchOptions {
  /** Retired versions whose schema is kept (newest first) for a switch back; older ones are dropped. Default 1. */
  readonly keepRetired?: number;
  /**
   * Refuse (answer `behind-live`) while the target has applied less of the log than the live
   * version, so no reader sees a number go back. Default true; a first version switches at once.
   */
  readonly requireCaughtUp?: boolean;
}

export type SwitchResult =
  | { readonly switched: true; readonly version: number; readonly previous: number | null; readonly dropped: readonly number[] }
  | { readonly switched: false; readonly version: number; readonly reason: 'already-live' | 'behind-live' };

/**
 * Makes `version` the one analysts read, in one transaction: every `metrics.<table>` view is
 * re-created onto `metrics_v<version>`, the live version is retired (and building versions older
 * than the target with it), and retired schemas beyond `keepRetired` are dropped. Readers see the
 * old views or the new ones, never an empty or half-switched set: the views' locks make them wait
 * for the commit, then they read the new version.
 */
export function switchTo(db: SqlDatabase, version: number, options: SwitchOptions = {}): Promise<SwitchResult> {
  return db.transaction(async (tx) => {
    await lockVersions(tx);
    return switchLocked(tx, version, options);
  });
}

/** `switchTo` inside a transaction that already holds `lockVersions`. */
export async function switchLocked(tx: SqlExecutor, version: number, options: SwitchOptions = {}): Promise<SwitchResult> {
  // Row locks wait for a batch being applied to either version, so the checkpoints compared are final.
  const versions = await listVersions(tx, { forUpdate: true });
  const target = versions.find((v) => v.version === version);
  if (!target) throw new Error(`Metrics version ${version} does not exist`);
  if (target.status === 'live') return { switched: false, version, reason: 'already-live' };
  if (target.droppedAt) throw new Error(`Metrics version ${version} was dropped on ${target.droppedAt.toISOString()}`);
  const live = versions.find((v) => v.status === 'live');
  if (live && (options.requireCaughtUp ?? true) && compareCheckpoints(target.checkpoint, live.checkpoint) < 0) {
    return { switched: false, version, reason: 'behind-live' };
  }

  await repointViews(tx, live?.tables ?? [], target);
  await tx.query(`update ${VERSIONS} set status = 'retired', retired_at = now(), updated_at = now() where status = 'live'`);
  await tx.query(
    `update ${VERSIONS} set status = 'retired', retired_at = now(), updated_at = now() where status = 'building' and version < $1`,
    [version],
  );
  await tx.query(`update ${VERSIONS} set status = 'live', switched_at = now(), retired_at = null, updated_at = now() where version = $1`, [
    version,
  ]);
  await grantAnalystRead(tx);
  const dropped = await dropOldRetired(tx, options.keepRetired ?? 1);
  await notifyVersions(tx, version);
  return { switched: true, version, previous: live?.version ?? null, dropped };
}

async function repointViews(tx: SqlExecutor, previousTables: readonly string[], target: MetricsVersion): Promise<void> {
  await tx.query(`create schema if not exists ${VIEW_SCHEMA}`);
  // Drop and create rather than CREATE OR REPLACE: a new version may change a table's columns.
  for (const table of new Set([...previousTables, ...target.tables])) await tx.query(`drop view if exists ${VIEW_SCHEMA}.${table}`);
  for (const table of target.tables) {
    await tx.query(`create view ${VIEW_SCHEMA}.${table} as select * from ${versionSchema(target.version)}.${table}`);
  }
}

async function dropOldRetired(tx: SqlExecutor, keep: number): Promise<number[]> {
  const { rows } = await tx.query<{ version: number }>(
    `select version from ${VERSIONS} where status = 'retired' and dropped_at is null order by version desc offset $1`,
    [Math.max(0, keep)],
  );
  const versions = rows.map((r) => Number(r.version));
  for (const version of versions) {
    await tx.query(`drop schema if exists ${versionSchema(version)} cascade`);
    await tx.query(`update ${VERSIONS} set dropped_at = now(), updated_at = now() where version = $1`, [version]);
  }
  return versions;
}
