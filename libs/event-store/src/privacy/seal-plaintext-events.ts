import { EVENTS } from '../postgres/event-row';
import type { SqlDatabase } from '../sql.port';
import { PERSONAL_DATA_PROPERTY, type EventCodec, type PersonalDataFields } from './personal-data.codec';

export interface SealProgress {
  /** Events whose personal fields were encrypted in place. */
  readonly sealed: number;
}

/**
 * The migration of events written before encryption: every stored event of a type with personal
 * fields that has no envelope yet is encoded as an append would (the lead id of its metadata keys
 * it) and rewritten in place, in batches of one transaction each. Idempotent: run it again and it
 * finds nothing. Events of an erased lead come out with their fields blank. Records the relay sent
 * to Kafka before are not touched (see README "Security").
 */
export async function sealPlaintextEvents(
  db: SqlDatabase,
  codec: EventCodec,
  fields: PersonalDataFields,
  options: { readonly batchSize?: number; readonly onBatch?: (progress: SealProgress) => void } = {},
): Promise<SealProgress> {
  const types = Object.keys(fields);
  const batchSize = options.batchSize ?? 500;
  let sealed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }>(
        `select event_id::text as id, event_type as type, data, metadata from ${EVENTS}
         where event_type = any($1::text[]) and not (data ? '${PERSONAL_DATA_PROPERTY}')
         order by global_position limit $2 for update`,
        [types, batchSize],
      );
      if (rows.length === 0) return 0;
      const encoded = await codec.encode(tx, rows);
      await tx.query(
        `update ${EVENTS} e set data = r.data from jsonb_to_recordset($1::jsonb) as r(id uuid, data jsonb) where e.event_id = r.id`,
        [JSON.stringify(encoded.map((event) => ({ id: event.id, data: event.data })))],
      );
      return rows.length;
    });
    if (done === 0) return { sealed };
    sealed += done;
    options.onBatch?.({ sealed });
  }
}
