/**
 * Access control's events, on `apikey-<keyId>`: an API key's life. The secret itself is never in an
 * event: only its SHA-256 digest (of a 256-bit random secret, so the digest reveals nothing usable).
 * `by` is the actor that issued or revoked the key (a key id, a token subject, or `bootstrap`).
 */
export type ApiKeyIssued = {
  type: 'ApiKeyIssued';
  data: {
    keyId: string;
    label: string;
    roles: readonly string[];
    /** The SDR or AE the key acts as, for the rep role's object-level checks. */
    repId: string | null;
    /** Only these lead sources (intake keys); null for any. */
    sources: readonly string[] | null;
    /**
     * The manager a manager key acts as: their team is the SDRs whose roster entry names this
     * managerEmail. Absent on keys issued before it existed (no team).
     */
    managerEmail?: string | null;
    expiresAt: string | null;
    secretHash: string;
    by: string;
    at: string;
  };
};
export type ApiKeyRevoked = { type: 'ApiKeyRevoked'; data: { keyId: string; by: string; at: string } };

export type AccessEvent = ApiKeyIssued | ApiKeyRevoked;
