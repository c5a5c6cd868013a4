import { checkpointOf, type ProcessorOptions, type RecordedEvent, type SqlExecutor } from '@leadline/event-store';
import { processorIdOf, VERSIONS, versionSchema } from './metrics-schema';
import type { ReadModel } from './read-model';
import { compareCheckpoints } from './versions';

export interface ApplyOutcome {
  /** Events of the batch past the version's checkpoint (the others were applied before). */
  readonly fresh: number;
  /** False when the version is retired (or gone): nothing was written. */
  readonly applied: boolean;
}

/**
 * Applies one batch of the global log (in log order) to a version, inside `tx`: locks the version's
 * row, drops the events at or before its checkpoint (a batch delivered twice counts once), hands
 * each model the events of its types, and moves the checkpoint, all in the same transaction.
 */
export async function applyToVersion(
  tx: SqlExecutor,
  version: number,
  models: readonly ReadModel[],
  events: readonly RecordedEvent[],
): Promise<ApplyOutcome> {
  const { rows } = await tx.query<{
    status: string;
    checkpoint_tx: string;
    checkpoint_pos: string;
    rebuilt_models: string[] | null;
    copied_tx: string;
    copied_pos: string;
  }>(
    `select status, checkpoint_tx::text as checkpoint_tx, checkpoint_pos::text as checkpoint_pos, rebuilt_models,
            copied_through_tx::text as copied_tx, copied_through_pos::text as copied_pos
     from ${VERSIONS} where version = $1 and dropped_at is null for update`,
    [version],
  );
  const row = rows[0];
  if (!row || row.status === 'retired') return { fresh: 0, applied: false };
  const checkpoint = { transactionId: BigInt(row.checkpoint_tx), position: BigInt(row.checkpoint_pos) };
  const fresh = events.filter((e) => compareCheckpoints(checkpointOf(e), checkpoint) > 0);
  if (fresh.length === 0) return { fresh: 0, applied: true };
  const schema = versionSchema(version);
  const copiedThrough = { transactionId: BigInt(row.copied_tx), position: BigInt(row.copied_pos) };
  for (const model of models) {
    const types = typesOf(model);
    // A model copied from the live version already holds the events up to copiedThrough.
    const copied = row.rebuilt_models !== null && !row.rebuilt_models.includes(model.name);
    const mine = fresh.filter((e) => types.has(e.type) && (!copied || compareCheckpoints(checkpointOf(e), copiedThrough) > 0));
    if (mine.length > 0) await model.apply(mine, { tx, schema });
  }
  const last = checkpointOf(fresh[fresh.length - 1]);
  await tx.query(
    `update ${VERSIONS} set checkpoint_tx = $2::xid8, checkpoint_pos = $3, events_applied = events_applied + $4, updated_at = now()
     where version = $1`,
    [version, last.transactionId.toString(), last.position.toString(), fresh.length],
  );
  return { fresh: fresh.length, applied: true };
}

const typeSets = new WeakMap<ReadModel, ReadonlySet<string>>();
function typesOf(model: ReadModel): ReadonlySet<string> {
  let types = typeSets.get(model);
  if (!types) typeSets.set(model, (types = new Set(model.eventTypes)));
  return types;
}

export interface VersionProcessorOptions {
  readonly batchSize: number;
  readonly pollIntervalMs?: number;
  readonly lockRetryMs?: number;
  readonly coalesceMs?: number;
}

/**
 * The durable processor of one version, id `metrics-v<N>`: every category, no type filter (so its
 * checkpoint and the version's move together), effect and checkpoint in one transaction.
 */
export function versionProcessor(version: number, models: readonly ReadModel[], options: VersionProcessorOptions): ProcessorOptions {
  return {
    id: processorIdOf(version),
    batchSize: options.batchSize,
    pollIntervalMs: options.pollIntervalMs,
    lockRetryMs: options.lockRetryMs,
    coalesceMs: options.coalesceMs,
    handle: async (events, { tx }) => {
      await applyToVersion(tx, version, models, events);
    },
  };
}
