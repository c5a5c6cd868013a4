import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isRole } from '@leadline/domain';
import type { OidcConfig } from './auth.config';
import type { Principal } from './principal';

/**
 * Checks an OIDC access token with `jose`: the signature against the issuer's JWKS (fetched and
 * cached by kid, refetched for an unknown kid), expiry, not-before, audience and issuer, and only
 * the configured asymmetric algorithms (so never `none`, never a shared secret).
 */
export class JwtVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: OidcConfig) {
    this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  /** The token's principal, or null for any token that fails a check. */
  async verify(token: string): Promise<Principal | null> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      return null;
    }
    const repId = claimAt(payload, this.config.repIdClaim);
    const email = claimAt(payload, this.config.emailClaim);
    return {
      kind: 'token',
      id: String(payload.sub),
      roles: rolesIn(claimAt(payload, this.config.rolesClaim)),
      repId: typeof repId === 'string' && repId !== '' ? repId : null,
      sources: null,
      managerEmail: typeof email === 'string' && email !== '' ? email.trim().toLowerCase() : null,
    };
  }
}

/** A claim by name, or by dotted path into nested claims (Keycloak's `realm_access.roles`). */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), payload);
}

/** An array of role names or a space-separated string (the `scope` style); names that are not Leadline roles are ignored. */
function rolesIn(claim: unknown): Principal['roles'] {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return [...new Set(names.filter(isRole))];
}
