import { LOG_START, type LogCheckpoint } from '../event.types';
import { CHECKPOINTS } from '../postgres/event-row';
import type { SqlExecutor } from '../sql.port';
import { preparedStatement } from '../drivers/prepared-statements';

/** A processor's checkpoint by its key: the row's primary key whatever the values, so the statements are prepared. */
const CREATE_CHECKPOINT = preparedStatement(
  `insert into ${CHECKPOINTS} (processor_id, transaction_id, position) values ($1, '0', 0) on conflict do nothing`,
);
const LOAD_CHECKPOINT = preparedStatement(
  `select transaction_id::text as transaction_id, position::text as position from ${CHECKPOINTS} where processor_id = $1`,
);
const STORE_CHECKPOINT = preparedStatement(
  `update ${CHECKPOINTS} set transaction_id = $4::xid8, position = $5, updated_at = now()
     where processor_id = $1 and transaction_id = $2::xid8 and position = $3`,
);

export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(readonly processorId: string) {
    super(`Checkpoint of processor ${processorId} moved under it (another instance, or a reset): re-reading`);
  }
}

export async function loadCheckpoint(db: SqlExecutor, processorId: string): Promise<LogCheckpoint> {
  await db.query(CREATE_CHECKPOINT, [processorId]);
  const { rows } = await db.query<{ transaction_id: string; position: string }>(LOAD_CHECKPOINT, [processorId]);
  return { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) };
}

/** Compare-and-set: moves the checkpoint only from where this instance read it. */
export async function storeCheckpoint(tx: SqlExecutor, processorId: string, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
  const { rowCount } = await tx.query(STORE_CHECKPOINT, [
    processorId,
    from.transactionId.toString(),
    from.position.toString(),
    to.transactionId.toString(),
    to.position.toString(),
  ]);
  if (rowCount !== 1) throw new CheckpointMovedError(processorId);
}

export async function resetCheckpoint(tx: SqlExecutor, processorId: string): Promise<void> {
  await tx.query(
    `insert into ${CHECKPOINTS} (processor_id, transaction_id, position) values ($1, $2::xid8, $3)
     on conflict (processor_id) do update set transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()`,
    [processorId, LOG_START.transactionId.toString(), LOG_START.position.toString()],
  );
}
