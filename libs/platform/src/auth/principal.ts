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
  /**
   * The manager a manager key or token acts as (lower-case email): their team is the SDRs whose
   * roster entry names it as managerEmail. Absent or null: a manager of no team.
   */
  readonly managerEmail?: string | null;
}

/** The owners of an object: its SDR, AE, sales engineer or customer manager ids (null where none). */
export type Owners = string | null | undefined | readonly (string | null | undefined)[];

/** Roles that act on every lead, deal, appointment and customer, not only their own. */
const BEYOND_OWN: readonly Role[] = ['admin', 'sales-ops', 'manager'];
/** Roles that read every one (analysts read everything, change nothing). */
const READS_ALL: readonly Role[] = [...BEYOND_OWN, 'analyst'];

function isOwner(principal: Principal, owners: Owners): boolean {
  const ids = typeof owners === 'string' || owners === null || owners === undefined ? [owners] : owners;
  return principal.roles.includes('rep') && principal.repId !== null && ids.includes(principal.repId);
}

function refuse(principal: Principal, what: string): never {
  throw new ForbiddenException(`${what} is not assigned to rep ${principal.repId ?? '(none)'}`);
}

/**
 * Object-level rule for a command: a caller whose only standing is the rep role may act only on
 * what is assigned to them (one of `owners`: the SDR, AE or customer manager ids); admin, sales-ops
 * and managers may act on any. Throws 403; the message names ids only.
 */
export function assertMayActOn(principal: Principal | undefined, owners: Owners, what: string): void {
  if (!principal || principal.roles.some((role) => BEYOND_OWN.includes(role))) return;
  if (!isOwner(principal, owners)) refuse(principal, what);
}

/** Object-level rule for a read: as `assertMayActOn`, and analysts read every object too. */
export function assertMayRead(principal: Principal | undefined, owners: Owners, what: string): void {
  if (!principal || principal.roles.some((role) => READS_ALL.includes(role))) return;
  if (!isOwner(principal, owners)) refuse(principal, what);
}

/**
 * For a list: the rep id a caller whose only standing is the rep role is limited to, or null when
 * it reads every row. A rep without a rep id reads nothing (403); one asking for another rep's rows
 * (`asked`) gets 403 too.
 */
export function ownRowsOf(principal: Principal | undefined, asked: string | null | undefined, what: string): string | null {
  if (!principal || principal.roles.some((role) => READS_ALL.includes(role))) return null;
  if (principal.repId === null || (asked && asked !== principal.repId)) refuse(principal, what);
  return principal.repId;
}

/**
 * Whether a caller's standing on an SDR's objects (their leads, their roster entry) comes from the
 * manager role alone, so it reaches only the manager's team: not admin, not sales-ops.
 */
export function teamScoped(principal: Principal | undefined): boolean {
  return !!principal && principal.roles.includes('manager') && !principal.roles.some((r) => r === 'admin' || r === 'sales-ops');
}

/** Whether an SDR whose roster entry names `sdrManagerEmail` is in the team of the (team-scoped) manager. */
export function managesTeamOf(principal: Principal, sdrManagerEmail: string | null | undefined): boolean {
  const mine = principal.managerEmail?.trim().toLowerCase();
  return !!mine && !!sdrManagerEmail && sdrManagerEmail.trim().toLowerCase() === mine;
}

/**
 * Team rule: a manager (without sales-ops or admin) acts on an SDR's objects only when the SDR is
 * in their team, i.e. the SDR's roster entry names the manager's email (`managerEmail` of their key,
 * the email claim of their token). Throws 403 naming the object and the caller's id, never an email.
 * Reps are held by `assertMayActOn`.
 */
export function assertManagesTeamOf(principal: Principal | undefined, sdrManagerEmail: string | null | undefined, what: string): void {
  if (!principal || !teamScoped(principal) || managesTeamOf(principal, sdrManagerEmail)) return;
  throw new ForbiddenException(`${what} is not in the team of manager ${principal.id}`);
}

/**
 * The lead sources a caller may submit (capture, list rows): the key's `sources` for an intake key
 * limited to some; null (any) for an unlimited key and for sales-ops and admin.
 */
export function allowedSourcesOf(principal: Principal | undefined): readonly string[] | null {
  if (!principal || principal.sources === null || principal.roles.some((role) => role === 'admin' || role === 'sales-ops')) return null;
  return principal.sources;
}

/** A capture from a source the caller's intake key is not limited to: 403 naming the allowed sources. */
export function assertMaySubmitSource(principal: Principal | undefined, source: string): void {
  const allowed = allowedSourcesOf(principal);
  if (allowed && !allowed.includes(source)) throw new ForbiddenException(sourceRefusal(allowed, source));
}

export function sourceRefusal(allowed: readonly string[], source: string): string {
  return `this key may submit leads from ${allowed.join(', ')} only, not ${source}`;
}

/**
 * A part of a request only some of a route's callers may use (e.g. a fairness override on a
 * reassignment every manager may ask for): the caller needs one of `roles` (admin always may). Throws 403.
 */
export function assertHasRole(principal: Principal | undefined, roles: readonly Role[], what: string): void {
  if (principal && (principal.roles.includes('admin') || principal.roles.some((role) => roles.includes(role)))) return;
  throw new ForbiddenException(`${what} needs the role ${roles.join(' or ')}`);
}
