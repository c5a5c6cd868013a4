import { ForbiddenException } from '@nestjs/common';
import type { Role } from '@leadline/domain';

/** Who is calling, once authenticated: an API key or a bearer token's subject. */
export interface Principal {
  readonly kind: 'api-key' | 'token' | 'system';
  /** The key id, or the token's `sub`. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** The SDR or AE a rep acts as (object-level checks). */
  readonly repId: string | null;
  /** An intake key limited to these lead sources; null for any. */
  readonly sources: readonly string[] | null;
}

/** Roles that see and act on every lead, deal and customer, not only their own. */
const BEYOND_OWN: readonly Role[] = ['admin', 'sales-ops', 'manager'];

/**
 * Object-level rule: a caller whose only standing is the rep role may act only on what is assigned
 * to them (`owner`, the SDR or AE id); admin, sales-ops and managers may act on any. Throws 403.
 * The message names ids only.
 */
export function assertMayActOn(principal: Principal | undefined, owner: string | null | undefined, what: string): void {
  if (!principal || principal.roles.some((role) => BEYOND_OWN.includes(role))) return;
  if (principal.roles.includes('rep') && principal.repId !== null && owner === principal.repId) return;
  throw new ForbiddenException(`${what} is not assigned to rep ${principal.repId ?? '(none)'}`);
}

/**
 * A part of a request only some of a route's callers may use (e.g. a fairness override on a
 * reassignment every manager may ask for): the caller needs one of `roles` (admin always may). Throws 403.
 */
export function assertHasRole(principal: Principal | undefined, roles: readonly Role[], what: string): void {
  if (principal && (principal.roles.includes('admin') || principal.roles.some((role) => roles.includes(role)))) return;
  throw new ForbiddenException(`${what} needs the role ${roles.join(' or ')}`);
}
