import { Inject, Injectable } from '@nestjs/common';
import { AccessError, apiKeyDecider, isRole, type ApiKeyState } from '@leadline/domain';
import { EVENT_STORE, ExpectedVersionConflictError, handleCommand, runInTransaction, type TransactionalStore } from '@leadline/event-store';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key.secret';
import { countApiKeys, findApiKey, listApiKeys, saveApiKey, viewOf, type ApiKeyRecord, type ApiKeyView } from './api-keys.repository';
import type { Principal } from './principal';

/**
 * How long an authenticating process keeps a key's row (and how many rows it keeps): a key revoked
 * through another process is refused here at most this long after; revoked through this process, at once (a
 * lookup already under way when it was revoked may keep the old row, again for at most this long).
 */
export const API_KEY_CACHE = { ttlMs: 5_000, maxEntries: 1_000 } as const;

export interface IssueApiKeyRequest {
  readonly label: string;
  readonly roles: readonly string[];
  readonly repId?: string | null;
  readonly managerEmail?: string | null;
  readonly sources?: readonly string[] | null;
  readonly expiresAt?: string | null;
}

/** A key as issued: `key` is the whole secret key, shown this once and stored nowhere. */
export interface IssuedApiKey extends ApiKeyView {
  readonly key: string;
}

/** The API key lifecycle on `apikey-<keyId>` (event-sourced, with who and when) and the lookup that authenticates a request. */
@Injectable()
export class ApiKeys {
  /** Rows of keys that authenticated or were refused here lately (unknown ids are not kept), by key id, oldest first. */
  private readonly recent = new Map<string, { readonly read: Promise<ApiKeyRecord | null>; readonly until: number }>();

  constructor(@Inject(EVENT_STORE) private readonly store: TransactionalStore) {}

  async issue(request: IssueApiKeyRequest, by: string): Promise<IssuedApiKey> {
    const { key, keyId, secretHash } = generateApiKey();
    const state = await this.issueWith(keyId, secretHash, request, by);
    return { ...this.viewOfState(state), key };
  }

  /**
   * Issues a key whose secret the operator chose (AUTH_ADMIN_KEY): a no-op when it exists with that
   * secret; false when its id exists with another secret or was revoked (a revoked key stays revoked).
   */
  async ensure(key: string, request: IssueApiKeyRequest, by: string): Promise<'issued' | 'present' | 'refused'> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new AccessError('invalid-api-key', 'not a Leadline API key');
    const existing = await findApiKey(this.store.db, parsed.keyId);
    if (existing) return existing.revokedAt === null && secretMatches(parsed.secret, existing.secretHash) ? 'present' : 'refused';
    try {
      await this.issueWith(parsed.keyId, hashSecret(parsed.secret), request, by);
      return 'issued';
    } catch (error) {
      // Another process issued it first (processes starting together on one database): check what it issued.
      if ((error instanceof AccessError && error.code === 'api-key-exists') || error instanceof ExpectedVersionConflictError) {
        return this.ensure(key, request, by);
      }
      throw error;
    }
  }

  async revoke(keyId: string, by: string): Promise<ApiKeyView> {
    const at = new Date().toISOString();
    const state = await runInTransaction(
      this.store,
      async (ctx) => {
        const { newState } = await handleCommand(ctx, `apikey-${keyId}`, apiKeyDecider, (current) =>
          apiKeyDecider.decide({ type: 'RevokeApiKey', data: { keyId, by, at } }, current),
        );
        await saveApiKey(ctx.tx, newState);
        return newState;
      },
      { retries: 2 },
    );
    this.recent.delete(keyId);
    return this.viewOfState(state);
  }

  async get(keyId: string): Promise<ApiKeyView> {
    const record = await findApiKey(this.store.db, keyId);
    if (!record) throw new AccessError('api-key-not-found', `API key ${keyId} not found`);
    return viewOf(record);
  }

  list(): Promise<ApiKeyView[]> {
    return listApiKeys(this.store.db);
  }

  count(): Promise<number> {
    return countApiKeys(this.store.db);
  }

  /**
   * The key's principal, or null for a malformed, unknown, wrong, revoked or expired key (one answer for all: 401).
   * The key's row is read at most once per API_KEY_CACHE.ttlMs (the secret and the expiry are checked every time).
   */
  async authenticate(token: string, now = new Date()): Promise<Principal | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const record = await this.recentRecord(parsed.keyId, now.getTime());
    if (!record || !secretMatches(parsed.secret, record.secretHash)) return null;
    if (record.revokedAt !== null) return null;
    if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return null;
    const { keyId: id, repId, sources, managerEmail } = record;
    return { kind: 'api-key', id, roles: record.roles.filter(isRole), repId, sources, managerEmail };
  }

  /** Requests that miss together share one read; a read that finds no key, or fails, is not kept. */
  private recentRecord(keyId: string, now: number): Promise<ApiKeyRecord | null> {
    const kept = this.recent.get(keyId);
    if (kept && kept.until > now) return kept.read;
    this.recent.delete(keyId);
    if (this.recent.size >= API_KEY_CACHE.maxEntries) this.recent.delete(this.recent.keys().next().value as string);
    const entry = { read: findApiKey(this.store.db, keyId), until: now + API_KEY_CACHE.ttlMs };
    this.recent.set(keyId, entry);
    const forget = () => {
      if (this.recent.get(keyId) === entry) this.recent.delete(keyId);
    };
    entry.read.then((record) => record ?? forget(), forget);
    return entry.read;
  }

  private issueWith(keyId: string, secretHash: string, request: IssueApiKeyRequest, by: string): Promise<ApiKeyState> {
    const at = new Date().toISOString();
    return runInTransaction(this.store, async (ctx) => {
      const { newState } = await handleCommand(ctx, `apikey-${keyId}`, apiKeyDecider, (current) =>
        apiKeyDecider.decide(
          {
            type: 'IssueApiKey',
            data: {
              keyId,
              label: request.label,
              roles: request.roles,
              repId: request.repId ?? null,
              managerEmail: request.managerEmail ?? null,
              sources: request.sources ?? null,
              expiresAt: request.expiresAt ?? null,
              secretHash,
              by,
              at,
            },
          },
          current,
        ),
      );
      await saveApiKey(ctx.tx, newState);
      return newState;
    });
  }

  private viewOfState(state: ApiKeyState): ApiKeyView {
    if (state.status === 'none') throw new AccessError('api-key-not-found', 'API key not found');
    const { status: _status, secretHash: _hash, ...view } = state;
    return view;
  }
}
