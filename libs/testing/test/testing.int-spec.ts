import { Client } from 'pg';
import type { Consumer, Producer } from 'kafkajs';
import { createTempDir, createTestDatabase, createTestTopics, testInfra, testKafka, uniqueTopicPrefix, waitFor } from '@leadline/testing';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

describe('@leadline/testing against the real test infrastructure', () => {
  it('exposes the infrastructure chosen by the global setup', () => {
    const infra = testInfra();
    expect(infra.postgresAdminUrl).toMatch(/^postgres(ql)?:\/\//);
    expect(infra.kafkaBrokers.length).toBeGreaterThan(0);
    expect(infra.runId).toMatch(/^[a-z0-9]+$/);
  });

  it('creates an isolated database and drops it again', async () => {
    const db = await createTestDatabase('Helpers Smoke/Test!');
    expect(db.name).toMatch(new RegExp(`^ll_${testInfra().runId}_helpers_smoke_test_[a-z0-9]{6}$`));
    expect(db.name.length).toBeLessThanOrEqual(63);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      expect(rows[0].db).toBe(db.name);
      await client.query('create table t (id int primary key)');
      await client.query('insert into t values (1)');
    } finally {
      await client.end();
    }

    // A connection that is still open must not block the drop.
    const lingering = new Client({ connectionString: db.url });
    await lingering.connect();
    lingering.on('error', () => undefined);
    await db.drop();
    await db.drop(); // idempotent

    const admin = new Client({ connectionString: testInfra().postgresAdminUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [db.name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
      await lingering.end().catch(() => undefined);
    }
  });

  it('keeps very long labels within the 63-character identifier limit', async () => {
    const db = await createTestDatabase('x'.repeat(200));
    try {
      expect(db.name.length).toBeLessThanOrEqual(63);
    } finally {
      await db.drop();
    }
  });

  it('creates and removes temp directories', async () => {
    const dir = await createTempDir('pglite data');
    await writeFile(join(dir.path, 'f.txt'), 'x');
    expect(existsSync(dir.path)).toBe(true);
    await dir.cleanup();
    expect(existsSync(dir.path)).toBe(false);
  });

  describe('kafka round trip', () => {
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    afterEach(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
    });

    it('produces and consumes on a run-unique topic', async () => {
      const prefix = uniqueTopicPrefix('helpers');
      expect(prefix).toMatch(new RegExp(`^ll-${testInfra().runId}-helpers-[a-z0-9]{6}\\.$`));
      expect(uniqueTopicPrefix('helpers')).not.toBe(prefix);
      const topic = `${prefix}lead-events`;
      await createTestTopics([topic]);

      const kafka = testKafka('testing-int-spec');
      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      consumer = kafka.consumer({ groupId: `${prefix}group`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });

      const received: Array<{ key: string; value: string; partition: number }> = [];
      await consumer.run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: String(message.key), value: String(message.value), partition });
        },
      });

      await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: 'lead-1', value: 'first' },
          { key: 'lead-1', value: 'second' },
          { key: 'lead-2', value: 'other' },
        ],
      });

      await waitFor(() => received.length >= 3, { timeoutMs: 60_000, message: 'three consumed messages' });
      expect(received.filter((m) => m.key === 'lead-1').map((m) => m.value)).toEqual(['first', 'second']);
      expect(new Set(received.filter((m) => m.key === 'lead-1').map((m) => m.partition)).size).toBe(1);
      expect(received.find((m) => m.key === 'lead-2')?.value).toBe('other');
    });
  });

  it('waitFor returns the value and times out with the message', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : 0), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, message: 'never' })).rejects.toThrow(
      /Timed out after 30 ms waiting for never/,
    );
  });
});

describe('waitFor messages', () => {
  it('accepts a message computed asynchronously at timeout', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5, message: async () => 'computed later' })).rejects.toThrow(
      /waiting for computed later/,
    );
  });
});

describe('child-process helpers', () => {
  it('runs a TypeScript file, waits for its output and exit, and finds free ports', async () => {
    const { runTs, waitForExit, waitForOutput, freePort } = await import('@leadline/testing');
    const dir = await createTempDir('runts');
    try {
      const file = join(dir.path, 'hello.ts');
      await writeFile(file, 'const n: number = 41;\nconsole.log(`HELLO ${n + 1}`);\nprocess.exit(3);\n');
      const child = runTs(file, [], { LEADLINE_X: '1' });
      await waitForOutput(child, 'HELLO 42', 60_000);
      expect(await waitForExit(child)).toBe(3);
      const port = await freePort();
      expect(port).toBeGreaterThan(0);
    } finally {
      await dir.cleanup();
    }
  });
});
