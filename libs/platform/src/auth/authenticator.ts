import { Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM_CONFIG } from '../platform.tokens';
import type { PlatformConfig } from '../config';
import { looksLikeApiKey } from './api-key.secret';
import { ApiKeys } from './api-keys.service';
import { JwtVerifier } from './jwt.verifier';
import type { Principal } from './principal';

interface HeaderBag {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Everything AUTH_DISABLED=true lets through is served as this admin. */
export const AUTH_DISABLED_PRINCIPAL: Principal = { kind: 'system', id: 'auth-disabled', roles: ['admin'], repId: null, sources: null };

/** Finds the caller of a request: an API key (`X-API-Key` or `Authorization: Bearer ll_…`) or an OIDC bearer token. */
@Injectable()
export class Authenticator {
  private readonly jwt: JwtVerifier | null;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly keys: ApiKeys,
  ) {
    this.jwt = config.auth.oidc ? new JwtVerifier(config.auth.oidc) : null;
    if (config.auth.disabled) {
      new Logger('Auth').warn(
        'AUTH_DISABLED=true: EVERY REQUEST IS SERVED AS ADMIN WITHOUT CREDENTIALS. For local experiments only; never expose this process.',
      );
    }
  }

  get disabled(): boolean {
    return this.config.auth.disabled;
  }

  /** The caller, or null when the request carries no valid credentials. */
  async authenticate(request: HeaderBag): Promise<Principal | null> {
    if (this.config.auth.disabled) return AUTH_DISABLED_PRINCIPAL;
    const token = credentialOf(request);
    if (!token) return null;
    if (looksLikeApiKey(token)) return this.keys.authenticate(token);
    return this.jwt ? this.jwt.verify(token) : null;
  }
}

function credentialOf(request: HeaderBag): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const authorization = request.headers['authorization'];
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
