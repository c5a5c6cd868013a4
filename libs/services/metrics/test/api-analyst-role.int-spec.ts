import { Client } from 'pg';
import { createPgDatabase, createPgliteDatabase, migrateEventStore, PostgresEventStore, type SqlDatabase } from '@leadline/event-store';
import { join } from 'node:path';
import { createTestDatabase, randomSuffix, runTs, type TestDatabase, testInfra, waitForExit } from '@leadline/testing';
import { VirtualClock } from '@leadline/scheduling';
import { ANALYST_ROLE, ensureAnalystRole } from '../src/api/analyst/analyst-role';
import { AnalystRoleSetup } from '../src/api/analyst/analyst-role.setup';
import { startApiTestApp } from './api-test-app';

/** A stand-in for one projection version and its switch: the engine's tables live in metrics_v<N>, analysts read metrics.<table>. */
async function publishVersion(db: SqlDatabase, version: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`create schema if not exists metrics_v${version}`);
    await tx.query(`create table metrics_v${version}.leads (lead_id text primary key, captured_at timestamptz not null)`);
    await tx.query(`insert into metrics_v${version}.leads values ('lead-${version}', '2026-03-02T09:00:00Z')`);
    await tx.query('create schema if not exists metrics');
    await tx.query('drop view if exists metrics.leads');
    await tx.query(`create view metrics.leads as select * from metrics_v${version}.leads`);
  });
}

/** Roles belong to the server, not to a test database: drop them through the admin connection. */
async function dropRole(name: string): Promise<void> {
  const admin = new Client({ connectionString: testInfra().postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`drop role if exists ${name}`);
  } finally {
    await admin.end();
  }
}

async function sqlState(client: Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('the analysts’ role on pg', () => {
  const login = `ll_analyst_${randomSuffix(8).toLowerCase()}`;
  let database: TestDatabase;
  let db: SqlDatabase;
  let analyst: Client;

  beforeAll(async () => {
    database = await createTestDatabase('metrics-analyst');
    db = await createPgDatabase(database.url);
    await migrateEventStore(db);
    await (await PostgresEventStore.create(db)).appendToStream('lead-1', [{ type: 'LeadCaptured', data: { secret: true } }]);
    await publishVersion(db, 1);
    expect(await ensureAnalystRole(db, { login: { user: login, password: 'analyst-pw' } })).toEqual({
      status: 'granted',
      role: ANALYST_ROLE,
      login,
    });
    const url = new URL(database.url);
    url.username = login;
    url.password = 'analyst-pw';
    analyst = new Client({ connectionString: url.toString() });
    await analyst.connect();
  });

  afterAll(async () => {
    await analyst?.end().catch(() => undefined);
    await db?.close();
    await database?.drop();
    await dropRole(login);
  });

  it('reads the metrics views, read-only by default, with metrics on its search path', async () => {
    expect((await analyst.query('select lead_id from leads')).rows).toEqual([{ lead_id: 'lead-1' }]);
    expect((await analyst.query('show default_transaction_read_only')).rows[0].default_transaction_read_only).toBe('on');
  });

  it('cannot read the event store or the versioned tables behind the views', async () => {
    expect(await sqlState(analyst, 'select * from event_store.events')).toBe('42501');
    expect(await sqlState(analyst, 'select * from metrics_v1.leads')).toBe('42501');
  });

  it('cannot write, even after turning the read-only default off', async () => {
    await analyst.query('set default_transaction_read_only = off');
    expect(await sqlState(analyst, `insert into metrics.leads values ('forged', now())`)).toBe('42501');
    expect(await sqlState(analyst, 'create table metrics.mine (x int)')).toBe('42501');
    expect(await sqlState(analyst, 'create table public.mine (x int)')).toBe('42501');
  });

  it('keeps reading after a switch re-creates the views, and a second setup changes nothing', async () => {
    await publishVersion(db, 2);
    expect((await analyst.query('select lead_id from metrics.leads')).rows).toEqual([{ lead_id: 'lead-2' }]);
    expect(await sqlState(analyst, 'select * from metrics_v2.leads')).toBe('42501');
    await ensureAnalystRole(db, { login: { user: login, password: 'analyst-pw' } });
    expect((await analyst.query('select count(*)::int as n from metrics.leads')).rows).toEqual([{ n: 1 }]);
  });

  it('is set up by the CLI too, with a login whose password comes from the environment', async () => {
    const user = `ll_cli_${randomSuffix(8).toLowerCase()}`;
    const cli = runTs(
      join(__dirname, '..', '..', '..', '..', 'tools', 'metrics-analyst-role', 'metrics-analyst-role.ts'),
      ['--login', user],
      {
        DATABASE_URL: database.url,
        METRICS_ANALYST_PASSWORD: 'cli-pw',
      },
    );
    try {
      expect(await waitForExit(cli, 60_000)).toBe(0);
      expect(JSON.parse(cli.output().trim().split('\n').at(-1) ?? '')).toEqual({ status: 'granted', role: ANALYST_ROLE, login: user });
      const url = new URL(database.url);
      [url.username, url.password] = [user, 'cli-pw'];
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        expect((await client.query('select count(*)::int as n from metrics.leads')).rows).toEqual([{ n: 1 }]);
        expect(await sqlState(client, 'select * from event_store.events')).toBe('42501');
      } finally {
        await client.end();
      }
    } finally {
      await dropRole(user);
    }
  });

  it('is skipped when the role is missing and the database user may not create roles', async () => {
    const plain = `ll_plain_${randomSuffix(8).toLowerCase()}`;
    await db.query(`create role ${plain} login`);
    try {
      const url = new URL(database.url);
      url.username = plain;
      const restricted = await createPgDatabase(url.toString());
      try {
        const result = await ensureAnalystRole(restricted, { role: `ll_missing_${randomSuffix(6).toLowerCase()}` });
        expect(result).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/may not create roles/) });
      } finally {
        await restricted.close();
      }
    } finally {
      await db.query(`drop role ${plain}`);
    }
  });
});

describe('the analysts’ role set up by the metrics service at start (pg)', () => {
  it('creates the login from METRICS_ANALYST_USER/PASSWORD and grants the live views', async () => {
    const user = `ll_start_${randomSuffix(8).toLowerCase()}`;
    const api = await startApiTestApp('pg', 'metrics-analyst-start', {
      clock: new VirtualClock('2026-03-01T00:00:00Z'),
      env: { METRICS_ANALYST_ROLE: 'auto', METRICS_ANALYST_USER: user, METRICS_ANALYST_PASSWORD: 'start-pw' },
    });
    try {
      expect(api.app.get(AnalystRoleSetup).result).toEqual({ status: 'granted', role: ANALYST_ROLE, login: user });
      const url = new URL(api.databaseUrl ?? '');
      [url.username, url.password] = [user, 'start-pw'];
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        expect((await client.query('select count(*)::int as n from leads')).rows).toEqual([{ n: 0 }]);
        expect(await sqlState(client, 'select * from metrics_meta.versions')).toBe('42501');
      } finally {
        await client.end();
      }
    } finally {
      await api.close();
      await dropRole(user);
    }
  });
});

describe('the analysts’ role on PGlite', () => {
  it('sets up without error (embedded, there is no analysts’ connection, but the step is the same)', async () => {
    const db = await createPgliteDatabase();
    try {
      await publishVersion(db, 1);
      expect(await ensureAnalystRole(db)).toEqual({ status: 'granted', role: ANALYST_ROLE, login: null });
      expect(await ensureAnalystRole(db)).toEqual({ status: 'granted', role: ANALYST_ROLE, login: null });
    } finally {
      await db.close();
    }
  });
});
