import { DeciderSpecification } from '../testing/decider-specification';
import { AccessError } from './access.errors';
import type { AccessEvent } from './access.events';
import { apiKeyDecider, type ApiKeyCommand } from './api-key.decider';

const AT = '2026-03-02T09:00:00.000Z';
const HASH = 'a'.repeat(64);
const given = DeciderSpecification.for(apiKeyDecider);
const issue = (data: Partial<Extract<ApiKeyCommand, { type: 'IssueApiKey' }>['data']> = {}): ApiKeyCommand => ({
  type: 'IssueApiKey',
  data: { keyId: 'k1', label: 'web form', roles: ['intake'], secretHash: HASH, by: 'admin-key', at: AT, ...data },
});
const issued: AccessEvent = {
  type: 'ApiKeyIssued',
  data: {
    keyId: 'k1',
    label: 'web form',
    roles: ['intake'],
    repId: null,
    sources: null,
    managerEmail: null,
    expiresAt: null,
    secretHash: HASH,
    by: 'admin-key',
    at: AT,
  },
};
const revoke: ApiKeyCommand = { type: 'RevokeApiKey', data: { keyId: 'k1', by: 'ops', at: '2026-03-03T09:00:00.000Z' } };

describe('API key lifecycle', () => {
  it('issues a key with its roles, label, issuer and time, and never twice under one id', () => {
    given([]).when(issue()).then([issued]);
    given([issued]).when(issue()).thenThrows(AccessError, 'api-key-exists');
  });

  it('refuses unknown roles, no roles, a rep key without its rep, sources on a non-intake key, unknown sources and an expiry in the past', () => {
    for (const bad of [
      { roles: ['root'] },
      { roles: [] },
      { roles: ['rep'] },
      { roles: ['analyst'], sources: ['inbound-web'] },
      { sources: ['web'] },
      { managerEmail: 'boss@sales.example' },
      { roles: ['manager'], managerEmail: 'not an email' },
      { expiresAt: '2026-03-01T00:00:00.000Z' },
      { expiresAt: 'tomorrow' },
      { label: ' ' },
      { secretHash: 'plaintext' },
    ]) {
      given([]).when(issue(bad)).thenThrows(AccessError, 'invalid-api-key');
    }
  });

  it('keeps a rep key’s rep, an intake key’s sources and an expiry as an ISO time', () => {
    given([])
      .when(issue({ roles: ['rep'], repId: 'sdr-1' }))
      .then((events) => expect(events[0].data).toMatchObject({ roles: ['rep'], repId: 'sdr-1' }));
    given([])
      .when(issue({ roles: ['manager'], managerEmail: ' Boss@Sales.example ' }))
      .then((events) => expect(events[0].data).toMatchObject({ roles: ['manager'], managerEmail: 'boss@sales.example' }));
    given([])
      .when(issue({ sources: ['inbound-web', 'inbound-web'], expiresAt: '2026-04-01T00:00:00Z' }))
      .then((events) => expect(events[0].data).toMatchObject({ sources: ['inbound-web'], expiresAt: '2026-04-01T00:00:00.000Z' }));
  });

  it('revokes once: a second revocation changes nothing, an unknown key is not found', () => {
    given([issued])
      .when(revoke)
      .then([{ type: 'ApiKeyRevoked', data: revoke.data }]);
    given([issued, { type: 'ApiKeyRevoked', data: revoke.data }])
      .when(revoke)
      .thenNothingHappened();
    given([]).when(revoke).thenThrows(AccessError, 'api-key-not-found');
    const state = [issued, { type: 'ApiKeyRevoked', data: revoke.data } as AccessEvent].reduce(
      apiKeyDecider.evolve,
      apiKeyDecider.initialState(),
    );
    expect(state).toMatchObject({ status: 'revoked', revokedBy: 'ops', issuedBy: 'admin-key' });
  });
});
