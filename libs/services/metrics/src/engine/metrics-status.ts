import { EVENT_STORE_SCHEMA, type LogCheckpoint, type SqlExecutor } from '@leadline/event-store';
import { listVersions, type MetricsVersion } from './versions';

const EVENTS = `${EVENT_STORE_SCHEMA}.events`;

export interface MetricsVersionStatus extends MetricsVersion {
  /** Committed log events after the version's checkpoint (live and building versions; null once retired). */
  readonly eventsBehind: number | null;
}

export interface MetricsStatus {
  /** The live version, if any (analysts' views point at it). */
  readonly live: number | null;
  /** Events in the global log. */
  readonly logEvents: number;
  readonly versions: readonly MetricsVersionStatus[];
}

/** Every version with its checkpoint and lag behind the head of the log: what the status endpoint shows. */
export async function metricsStatus(db: SqlExecutor): Promise<MetricsStatus> {
  const versions = await listVersions(db);
  const logEvents = await logEventCount(db);
  const withLag: MetricsVersionStatus[] = [];
  for (const v of versions) {
    withLag.push({ ...v, eventsBehind: v.status === 'retired' ? null : await eventsAfter(db, v.checkpoint) });
  }
  return { live: versions.find((v) => v.status === 'live')?.version ?? null, logEvents, versions: withLag };
}

/** Committed events in the global log. */
export async function logEventCount(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from ${EVENTS}`);
  return Number(rows[0].n);
}

/** Committed events after a checkpoint; with `limit`, counts at most limit + 1 (cheap "more than n?"). */
export async function eventsAfter(db: SqlExecutor, after: LogCheckpoint, limit?: number): Promise<number> {
  const params: unknown[] = [after.transactionId.toString(), after.position.toString()];
  const where = `(e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)`;
  const sql =
    limit === undefined
      ? `select count(*)::text as n from ${EVENTS} e where ${where}`
      : `select count(*)::text as n from (select 1 from ${EVENTS} e where ${where} limit $${params.push(limit + 1)}) capped`;
  const { rows } = await db.query<{ n: string }>(sql, params);
  return Number(rows[0].n);
}
