/** Asymmetric algorithms only: a shared-secret (HS*) or `none` token cannot be checked against a JWKS. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
