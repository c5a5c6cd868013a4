import { Module } from '@nestjs/common';
import type { SqlDatabase } from '@leadline/event-store';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { applicationNameOf, openDatabase } from '../src/infrastructure.providers';
import { loadConfig, type ServiceDescriptor } from '../src';

@Module({})
class EmptyModule {}

const service = (name: string): ServiceDescriptor => ({ name, module: EmptyModule, ownedCategories: [] });

describe('the PostgreSQL pool a process opens (DATABASE_POOL_SIZE, application_name)', () => {
  let database: TestDatabase;
  let db: SqlDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('database_pool');
  });

  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('holds at most DATABASE_POOL_SIZE connections, named after the services it hosts', async () => {
    const config = loadConfig({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '2' });
    db = await openDatabase(config, [service('scoring'), service('enrichment')]);
    const open = db;
    // Six transactions at once, each holding its connection a while: only two can run at a time.
    const seen = await Promise.all(
      Array.from({ length: 6 }, () =>
        open.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number; name: string }>(
            `select pg_backend_pid() as pid, current_setting('application_name') as name from pg_sleep(0.05)`,
          );
          return rows[0];
        }),
      ),
    );
    expect(new Set(seen.map((row) => row.pid)).size).toBe(2);
    expect(new Set(seen.map((row) => row.name))).toEqual(new Set(['leadline-enrichment+scoring']));
  });

  it('defaults to a pool of 10 connections', async () => {
    db = await openDatabase(loadConfig({ DATABASE_URL: database.url }), [service('routing')]);
    const open = db;
    const pids = await Promise.all(
      Array.from({ length: 14 }, () =>
        open.transaction(async (tx) => (await tx.query<{ pid: number }>('select pg_backend_pid() as pid from pg_sleep(0.1)')).rows[0].pid),
      ),
    );
    expect(new Set(pids).size).toBe(10);
  });
});

describe('applicationNameOf', () => {
  it('names one service, several sorted, and none', () => {
    expect(applicationNameOf([service('scoring')])).toBe('leadline-scoring');
    expect(applicationNameOf([service('routing'), service('lead-intake')])).toBe('leadline-lead-intake+routing');
    expect(applicationNameOf([])).toBe('leadline');
  });

  it('cuts a long list to PostgreSQL`s 63 bytes, marking what it left out', () => {
    const names = ['lead-intake', 'enrichment', 'scoring', 'routing', 'appointments', 'customer-success', 'metrics', 'policy-lab'];
    const name = applicationNameOf(names.map(service));
    expect(name).toBe('leadline-appointments+customer-success+enrichment+...');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  });
});
