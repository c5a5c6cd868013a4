import { EnvReader, type Environment } from '../config/env-reader';
import { parseApiKey } from './api-key.secret';
import { OIDC_ALGORITHMS } from './oidc-algorithms';

export { OIDC_ALGORITHMS };

export interface OidcConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** Where the roles are in the token: a claim name or a dotted path (`realm_access.roles`). */
  readonly rolesClaim: string;
  /** The claim naming the SDR or AE a rep's token acts as. */
  readonly repIdClaim: string;
  /** The person's email claim: a manager's team is the SDRs whose roster entry names it as managerEmail. */
  readonly emailClaim: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
}

export interface AuthConfig {
  /** AUTH_DISABLED=true: every request is served as an admin. Local experiments only; refused in production. */
  readonly disabled: boolean;
  /** An admin key given by configuration (AUTH_ADMIN_KEY or AUTH_ADMIN_KEY_FILE), issued at start if missing. */
  readonly adminKey?: string;
  /** The OpenAPI page and document (/docs, /docs-json) answer without credentials. */
  readonly publicDocs: boolean;
  readonly oidc?: OidcConfig;
}

/** Reads the AUTH_* and OIDC_* settings; throws a ConfigurationError naming each bad one. */
export function loadAuthConfig(env: Environment): AuthConfig {
  const read = new EnvReader(env);
  const disabled = read.oneOf('AUTH_DISABLED', ['true', 'false'], 'false') === 'true';
  if (disabled && read.text('NODE_ENV') === 'production') read.problem('AUTH_DISABLED=true is refused when NODE_ENV=production');
  const publicDocs = read.oneOf('AUTH_PUBLIC_DOCS', ['true', 'false'], 'true') === 'true';

  // The value, or the content of the file AUTH_ADMIN_KEY_FILE names (a mounted Kubernetes Secret).
  const adminKey = read.secret('AUTH_ADMIN_KEY')?.trim();
  // Never echo the value: it is a secret.
  if (adminKey !== undefined && !parseApiKey(adminKey)) {
    read.problem('AUTH_ADMIN_KEY must be a Leadline API key (ll_<16 hex>_<43 base64url>; `npm run keys -- generate` makes one)');
  }

  const issuer = read.text('OIDC_ISSUER');
  const audience = read.text('OIDC_AUDIENCE');
  const jwksUrl = read.text('OIDC_JWKS_URL');
  const set = [issuer, audience, jwksUrl].filter((value) => value !== undefined).length;
  if (set > 0 && set < 3) read.problem('OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together: set all three or none');
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) read.problem(`OIDC_JWKS_URL must be an http(s) URL (got ${JSON.stringify(jwksUrl)})`);
  const algorithms = read.list('OIDC_ALGORITHMS', OIDC_ALGORITHMS);
  for (const algorithm of algorithms) {
    if (!(OIDC_ALGORITHMS as readonly string[]).includes(algorithm)) {
      read.problem(`OIDC_ALGORITHMS may list only ${OIDC_ALGORITHMS.join(', ')} (got ${JSON.stringify(algorithm)})`);
    }
  }
  const oidc: OidcConfig | undefined =
    issuer && audience && jwksUrl
      ? {
          issuer,
          audience,
          jwksUrl,
          rolesClaim: read.text('OIDC_ROLES_CLAIM') ?? 'roles',
          repIdClaim: read.text('OIDC_REP_ID_CLAIM') ?? 'rep_id',
          emailClaim: read.text('OIDC_EMAIL_CLAIM') ?? 'email',
          algorithms,
          clockToleranceSeconds: read.int('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
        }
      : undefined;
  return read.done({ disabled, adminKey, publicDocs, oidc });
}
