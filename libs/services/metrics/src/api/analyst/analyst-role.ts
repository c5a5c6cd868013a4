import type { SqlDatabase, SqlExecutor } from '@leadline/event-store';

/** The read-only group role analysts (and BI tools) connect through. */
export const ANALYST_ROLE = 'leadline_analyst';
/** The schema analysts read: views onto the live projection version. */
export const ANALYST_SCHEMA = 'metrics';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface AnalystLogin {
  readonly user: string;
  readonly password: string;
}

export interface AnalystRoleOptions {
  readonly role?: string;
  /** A login user made a member of the role (created, or its password reset). */
  readonly login?: AnalystLogin;
}

export type AnalystRoleResult =
  | { readonly status: 'granted'; readonly role: string; readonly login: string | null }
  | { readonly status: 'skipped'; readonly reason: string };

function checkIdentifier(kind: string, name: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`${kind} ${JSON.stringify(name)} must be a lower-case SQL identifier (a-z, 0-9, _)`);
}

/**
 * Creates the analysts' role (NOLOGIN) when missing and grants it read access to the `metrics`
 * views only: USAGE on the schema, SELECT on every view, and SELECT by default on views created
 * later by this user (a switch re-creates them). No access to `metrics_v<N>`, `metrics_meta` or
 * the event store: a view reads its tables with its owner's rights. Idempotent; safe to run
 * from several processes at once. Skipped when the role is missing and this user may not create roles.
 */
export async function ensureAnalystRole(db: SqlDatabase, options: AnalystRoleOptions = {}): Promise<AnalystRoleResult> {
  const role = options.role ?? ANALYST_ROLE;
  checkIdentifier('role', role);
  if (options.login) checkIdentifier('login user', options.login.user);
  const { rows } = await db.query<{ may_create: boolean; role_exists: boolean }>(
    `select (select rolsuper or rolcreaterole from pg_roles where rolname = current_user) as may_create,
            exists (select 1 from pg_roles where rolname = $1) as role_exists`,
    [role],
  );
  const { may_create: mayCreate, role_exists: roleExists } = rows[0];
  if (!mayCreate && (!roleExists || options.login)) {
    return {
      status: 'skipped',
      reason: `the database user may not create roles (CREATEROLE) and ${roleExists ? 'a login user was asked for' : `role ${role} does not exist`}`,
    };
  }
  await db.transaction(async (tx) => {
    if (!roleExists) await createRole(tx, `create role ${role} nologin`);
    await tx.query(`create schema if not exists ${ANALYST_SCHEMA}`);
    await grantConnect(tx, role);
    await grantAnalystRead(tx, role);
    await tx.query(`alter default privileges in schema ${ANALYST_SCHEMA} grant select on tables to ${role}`);
    if (options.login) await ensureLogin(tx, role, options.login);
  });
  return { status: 'granted', role, login: options.login?.user ?? null };
}

/**
 * USAGE on `metrics` and SELECT on every view in it. Call in the switch transaction, after the views
 * are re-created, when they are created by a user other than the one that ran `ensureAnalystRole`
 * (its default privileges cover only its own objects).
 */
export async function grantAnalystRead(tx: SqlExecutor, role = ANALYST_ROLE): Promise<void> {
  checkIdentifier('role', role);
  const { rows } = await tx.query<{ present: boolean }>('select exists (select 1 from pg_roles where rolname = $1) as present', [role]);
  if (!rows[0].present) return;
  await tx.query(`grant usage on schema ${ANALYST_SCHEMA} to ${role}`);
  await tx.query(`grant select on all tables in schema ${ANALYST_SCHEMA} to ${role}`);
}

async function grantConnect(tx: SqlExecutor, role: string): Promise<void> {
  const { rows } = await tx.query<{ sql: string }>(`select format('grant connect on database %I to ${role}', current_database()) as sql`);
  await tx.query(rows[0].sql);
}

/** Roles are shared by every database of a server: another database's start may create it at the same moment. */
async function createRole(tx: SqlExecutor, sql: string): Promise<void> {
  await tx.query(`do $$ begin ${sql}; exception when duplicate_object or unique_violation then null; end $$`);
}

async function ensureLogin(tx: SqlExecutor, role: string, login: AnalystLogin): Promise<void> {
  const { user, password } = login;
  await createRole(tx, `create role ${user} login`);
  // Built server-side: CREATE/ALTER ROLE takes no bind parameters, and %L quotes the password.
  const { rows } = await tx.query<{ sql: string }>(`select format('alter role %I with login password %L', $1::text, $2::text) as sql`, [
    user,
    password,
  ]);
  await tx.query(rows[0].sql);
  await tx.query(`grant ${role} to ${user}`);
  // A guard for tools, not the boundary (a session may turn it off): the grants are the boundary.
  await tx.query(`alter role ${user} set default_transaction_read_only = on`);
  await tx.query(`alter role ${user} set search_path = ${ANALYST_SCHEMA}`);
}
