import { ConfigurationError } from '../config/platform-config';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key.secret';
import { loadAuthConfig } from './auth.config';

const OIDC = { OIDC_ISSUER: 'https://idp.example/realms/x', OIDC_AUDIENCE: 'leadline', OIDC_JWKS_URL: 'https://idp.example/certs' };

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadAuthConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
};

describe('auth settings', () => {
  it('is on by default, with public docs and no OIDC', () => {
    expect(loadAuthConfig({})).toEqual({ disabled: false, adminKey: undefined, publicDocs: true, oidc: undefined });
  });

  it('allows AUTH_DISABLED=true for local experiments but refuses it when NODE_ENV=production', () => {
    expect(loadAuthConfig({ AUTH_DISABLED: 'true' }).disabled).toBe(true);
    expect(problemsOf({ AUTH_DISABLED: 'true', NODE_ENV: 'production' })).toEqual([
      'AUTH_DISABLED=true is refused when NODE_ENV=production',
    ]);
    expect(problemsOf({ AUTH_DISABLED: 'yes' })).toHaveLength(1);
  });

  it('takes an admin key in the Leadline shape only, and never echoes the value', () => {
    const { key } = generateApiKey();
    expect(loadAuthConfig({ AUTH_ADMIN_KEY: key }).adminKey).toBe(key);
    const problems = problemsOf({ AUTH_ADMIN_KEY: 'hunter2-secret' });
    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('needs issuer, audience and JWKS URL together, and asymmetric algorithms only', () => {
    expect(loadAuthConfig({ ...OIDC, OIDC_ROLES_CLAIM: 'realm_access.roles' }).oidc).toMatchObject({
      issuer: OIDC.OIDC_ISSUER,
      rolesClaim: 'realm_access.roles',
      repIdClaim: 'rep_id',
    });
    expect(problemsOf({ OIDC_ISSUER: OIDC.OIDC_ISSUER })).toHaveLength(1);
    expect(problemsOf({ ...OIDC, OIDC_ALGORITHMS: 'RS256,HS256' })).toEqual([expect.stringContaining('HS256')]);
    expect(problemsOf({ ...OIDC, OIDC_ALGORITHMS: 'none' })).toEqual([expect.stringContaining('none')]);
  });
});

describe('API key secrets', () => {
  it('are ll_<id>_<secret>, parsed back, and checked against the stored hash only', () => {
    const { key, keyId, secretHash } = generateApiKey();
    const parsed = parseApiKey(key);
    expect(parsed?.keyId).toBe(keyId);
    expect(secretHash).toBe(hashSecret(parsed!.secret));
    expect(secretHash).not.toContain(parsed!.secret);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(secretMatches(`${parsed!.secret.slice(1)}x`, secretHash)).toBe(false);
    expect(parseApiKey('ll_nothex0000000000_' + 'a'.repeat(43))).toBeNull();
    expect(generateApiKey().key).not.toBe(key);
  });
});
