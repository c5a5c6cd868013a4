import { unknownCommand, type Decider } from '../shared/decider';
import { AccessError } from './access.errors';
import type { AccessEvent } from './access.events';
import { LEAD_SOURCES } from '../lead/lead-source';
import { isRole, ROLES } from './roles';

/** What a key is, as the admin API shows it: never its secret or hash. */
export interface ApiKey {
  readonly keyId: string;
  readonly label: string;
  readonly roles: readonly string[];
  readonly repId: string | null;
  readonly sources: readonly string[] | null;
  /** A manager key's manager (matched against the SDR roster's managerEmail); null for none. */
  readonly managerEmail: string | null;
  readonly expiresAt: string | null;
  readonly issuedBy: string;
  readonly issuedAt: string;
  readonly revokedBy: string | null;
  readonly revokedAt: string | null;
}

export type ApiKeyState = { readonly status: 'none' } | (ApiKey & { readonly status: 'active' | 'revoked'; readonly secretHash: string });

export type ApiKeyCommand =
  | {
      type: 'IssueApiKey';
      data: {
        keyId: string;
        label: string;
        roles: readonly string[];
        repId?: string | null;
        sources?: readonly string[] | null;
        managerEmail?: string | null;
        expiresAt?: string | null;
        secretHash: string;
        by: string;
        at: string;
      };
    }
  | { type: 'RevokeApiKey'; data: { keyId: string; by: string; at: string } };

/** Every rule an issue command breaks; empty when valid. */
export function apiKeyProblems(data: Extract<ApiKeyCommand, { type: 'IssueApiKey' }>['data']): string[] {
  const problems: string[] = [];
  if (data.label.trim() === '' || data.label.length > 200) problems.push('label is required (at most 200 characters)');
  if (data.roles.length === 0) problems.push(`at least one role of ${ROLES.join(', ')}`);
  for (const role of data.roles) if (!isRole(role)) problems.push(`unknown role ${JSON.stringify(role)} (roles: ${ROLES.join(', ')})`);
  if (data.roles.includes('rep') && !data.repId) problems.push('a rep key names the rep it acts as (repId)');
  if (data.sources && !data.roles.includes('intake')) problems.push('sources limit intake keys only');
  if (data.managerEmail && !data.roles.includes('manager')) problems.push('managerEmail names the manager of a manager key only');
  if (data.managerEmail && !/^[^\s@]+@[^\s@]+$/.test(data.managerEmail.trim())) problems.push('managerEmail must be an email address');
  for (const source of data.sources ?? []) {
    if (!(LEAD_SOURCES as readonly string[]).includes(source)) {
      problems.push(`unknown source ${JSON.stringify(source)} (sources: ${LEAD_SOURCES.join(', ')})`);
    }
  }
  if (data.expiresAt != null) {
    const expires = Date.parse(data.expiresAt);
    if (Number.isNaN(expires)) problems.push('expiresAt must be an ISO-8601 time');
    else if (expires <= Date.parse(data.at)) problems.push('expiresAt must be in the future');
  }
  if (!/^[0-9a-f]{64}$/.test(data.secretHash)) problems.push('secretHash must be a SHA-256 hex digest');
  return problems;
}

function decide(command: ApiKeyCommand, state: ApiKeyState): AccessEvent[] {
  switch (command.type) {
    case 'IssueApiKey': {
      const data = command.data;
      if (state.status !== 'none') throw new AccessError('api-key-exists', `API key ${data.keyId} exists`);
      const problems = apiKeyProblems(data);
      if (problems.length > 0) throw new AccessError('invalid-api-key', problems.join('; '));
      return [
        {
          type: 'ApiKeyIssued',
          data: {
            keyId: data.keyId,
            label: data.label.trim(),
            roles: [...new Set(data.roles)],
            repId: data.repId ?? null,
            sources: data.sources ? [...new Set(data.sources)] : null,
            managerEmail: data.managerEmail ? data.managerEmail.trim().toLowerCase() : null,
            expiresAt: data.expiresAt ? new Date(data.expiresAt).toISOString() : null,
            secretHash: data.secretHash,
            by: data.by,
            at: data.at,
          },
        },
      ];
    }
    case 'RevokeApiKey': {
      if (state.status === 'none') throw new AccessError('api-key-not-found', `API key ${command.data.keyId} not found`);
      // Revoking a revoked key changes nothing: the first revocation stands.
      if (state.status === 'revoked') return [];
      return [{ type: 'ApiKeyRevoked', data: command.data }];
    }
    default:
      return unknownCommand(command);
  }
}

function evolve(state: ApiKeyState, event: AccessEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { by, at, managerEmail = null, ...key } = event.data;
      return { status: 'active', ...key, managerEmail, issuedBy: by, issuedAt: at, revokedBy: null, revokedAt: null };
    }
    case 'ApiKeyRevoked':
      return state.status === 'none' ? state : { ...state, status: 'revoked', revokedBy: event.data.by, revokedAt: event.data.at };
    default:
      return state;
  }
}

/** `apikey-<keyId>`: one API key, issued once, revoked at most once. */
export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, AccessEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
