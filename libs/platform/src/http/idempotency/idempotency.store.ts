import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase, type SqlExecutor } from '@leadline/event-store';
import { IDEMPOTENCY_KEYS } from './idempotency.schema';

/** Where an Idempotency-Key applies: the same key from another caller or on another route is another key. */
export interface IdempotencyRecordId {
  /** Method and path, e.g. `POST /leads/42/activities`. */
  readonly route: string;
  readonly caller: string;
  readonly key: string;
}

export type IdempotencyClaim =
  | { readonly kind: 'execute' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly body: unknown }
  | { readonly kind: 'reused-with-another-request' }
  | { readonly kind: 'in-flight' };

export interface IdempotencySettings {
  /** How long a key is remembered; after that the same key is a new request. */
  readonly retentionSeconds: number;
  /** How long a request may hold its key before a retry may run it again (the process died mid-request). */
  readonly leaseSeconds: number;
}

export const IDEMPOTENCY_DEFAULTS: IdempotencySettings = { retentionSeconds: 24 * 3600, leaseSeconds: 60 };

interface Row {
  readonly request_hash: string;
  readonly state: 'in-flight' | 'done';
  readonly status_code: number | null;
  readonly response: unknown;
  readonly expired: boolean;
  readonly lease_lapsed: boolean;
}

/**
 * The platform's table of Idempotency-Keys: claimed before a command runs (its own short
 * transaction, so a concurrent duplicate sees it), completed with the answer after it ran, released
 * when it failed so a retry runs it again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  claim(id: IdempotencyRecordId, requestHash: string, settings: IdempotencySettings = IDEMPOTENCY_DEFAULTS): Promise<IdempotencyClaim> {
    return this.db.transaction(async (tx) => {
      const ids = [id.route, id.caller, id.key];
      const inserted = await tx.query(
        `insert into ${IDEMPOTENCY_KEYS} (route, caller, key, request_hash, state, locked_until)
         values ($1, $2, $3, $4, 'in-flight', now() + make_interval(secs => $5))
         on conflict (route, caller, key) do nothing`,
        [...ids, requestHash, settings.leaseSeconds],
      );
      if (inserted.rowCount === 1) return { kind: 'execute' };
      const { rows } = await tx.query<Row>(
        `select request_hash, state, status_code, response,
                created_at < now() - make_interval(secs => $4) as expired,
                coalesce(locked_until < now(), true) as lease_lapsed
         from ${IDEMPOTENCY_KEYS} where route = $1 and caller = $2 and key = $3 for update`,
        [...ids, settings.retentionSeconds],
      );
      const row = rows[0];
      if (!row || row.expired) {
        await this.restart(tx, id, requestHash, settings, true);
        return { kind: 'execute' };
      }
      if (row.request_hash !== requestHash) return { kind: 'reused-with-another-request' };
      if (row.state === 'done') return { kind: 'replay', statusCode: row.status_code ?? 200, body: row.response };
      if (!row.lease_lapsed) return { kind: 'in-flight' };
      await this.restart(tx, id, requestHash, settings, false);
      return { kind: 'execute' };
    });
  }

  /** Records the answer a retry with the same key and request gets; forgets keys past their retention on the way. */
  async complete(
    id: IdempotencyRecordId,
    statusCode: number,
    body: unknown,
    settings: IdempotencySettings = IDEMPOTENCY_DEFAULTS,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update ${IDEMPOTENCY_KEYS}
         set state = 'done', status_code = $4, response = $5::jsonb, completed_at = now(), locked_until = null
         where route = $1 and caller = $2 and key = $3`,
        [id.route, id.caller, id.key, statusCode, JSON.stringify(body ?? null)],
      );
      await tx.query(
        `delete from ${IDEMPOTENCY_KEYS} where ctid in (
           select ctid from ${IDEMPOTENCY_KEYS} where created_at < now() - make_interval(secs => $1) limit 100)`,
        [settings.retentionSeconds],
      );
    });
  }

  /** The command failed: nothing is remembered, a retry runs it again. */
  async release(id: IdempotencyRecordId): Promise<void> {
    await this.db.query(`delete from ${IDEMPOTENCY_KEYS} where route = $1 and caller = $2 and key = $3 and state = 'in-flight'`, [
      id.route,
      id.caller,
      id.key,
    ]);
  }

  private async restart(
    tx: SqlExecutor,
    id: IdempotencyRecordId,
    requestHash: string,
    settings: IdempotencySettings,
    fresh: boolean,
  ): Promise<void> {
    await tx.query(
      `insert into ${IDEMPOTENCY_KEYS} (route, caller, key, request_hash, state, locked_until)
       values ($1, $2, $3, $4, 'in-flight', now() + make_interval(secs => $5))
       on conflict (route, caller, key) do update
       set request_hash = excluded.request_hash, state = 'in-flight', locked_until = excluded.locked_until,
           status_code = null, response = null, completed_at = null,
           created_at = case when $6 then now() else ${IDEMPOTENCY_KEYS}.created_at end`,
      [id.route, id.caller, id.key, requestHash, settings.leaseSeconds, fresh],
    );
  }
}
