import {
  createTempDir,
  createTestDatabase,
  freePort,
  killIfRunning,
  runTs,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  waitForExit,
  waitForOutput,
  type TsProcess,
} from '@leadline/testing';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const PLATFORM = join(ROOT, 'apps', 'platform', 'src', 'main.ts');
const SERVICES = ['lead-intake', 'enrichment', 'scoring', 'routing', 'appointments', 'customer-success', 'metrics'];

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

// Children still running when a test fails would keep jest alive: always stop them.
const started: TsProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => killIfRunning(child)));
});

function start(file: string, env: Record<string, string>): TsProcess {
  const child = runTs(file, [], env);
  started.push(child);
  return child;
}

async function healthy(port: number): Promise<boolean> {
  return get(port, '/health').then(
    (r) => r.status === 200,
    () => false,
  );
}

describe('npm start: the embedded platform', () => {
  it('runs all seven services in one process on PGlite, keeps its data across a restart, and stops on SIGTERM', async () => {
    const dir = await createTempDir('platform');
    const port = await freePort();
    const env = { DATA_DIR: dir.path, PORT: String(port) };
    const first = start(PLATFORM, env);
    await waitFor(() => healthy(port), { timeoutMs: 90_000, message: () => `platform not healthy:\n${first.output()}` });
    await waitForOutput(first, 'Demo organisation: 4 SDRs, 10 companies', 30_000);

    expect(await get(port, '/ready')).toMatchObject({ status: 200 });
    expect((await get(port, '/docs')).status).toBe(200);
    for (const service of SERVICES) {
      const info = await get(port, `/${service}/info`);
      expect(info.status).toBe(200);
      expect(JSON.parse(info.body)).toMatchObject({ name: service });
    }
    // A clean stop drains, closes the app and exits 0 (1 would mean it failed or overran SHUTDOWN_GRACE_MS).
    first.kill('SIGTERM');
    expect(await waitForExit(first)).toBe(0);
    expect(first.output()).toContain('SIGTERM: draining');
    expect(first.output()).toContain('Stopped cleanly');

    const second = start(PLATFORM, env);
    await waitForOutput(second, `embedded/pglite at ${dir.path}`, 90_000);
    // The demo organisation was seeded by the first start, kept in the folder, and not seeded twice.
    expect(JSON.parse((await get(port, '/sdrs')).body)).toHaveLength(4);
    expect(second.output()).not.toContain('Demo organisation:');
    second.kill('SIGTERM');
    await waitForExit(second);
    await dir.cleanup();
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['KAFKA_BROKERS', { KAFKA_BROKERS: 'localhost:9092' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://nope' }],
  ])('refuses to start with a bad %s and names it', async (setting, env) => {
    const child = start(PLATFORM, { DATA_DIR: '/nonexistent-never-opened', ...env });
    expect(await waitForExit(child)).toBe(1);
    expect(child.output()).toContain('Invalid configuration');
    expect(child.output()).toContain(setting);
  });
});

describe('distributed mode: services as separate processes on PostgreSQL and Kafka', () => {
  it('boots lead-intake and routing alone, each ready with its store and broker reachable', async () => {
    const database = await createTestDatabase('distributed');
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('distributed'),
    };
    const ports = [await freePort(), await freePort()];
    const children = ['lead-intake', 'routing'].map((name, i) =>
      start(join(ROOT, 'apps', name, 'src', 'main.ts'), { ...env, PORT: String(ports[i]) }),
    );
    for (const [i, child] of children.entries()) {
      await waitFor(
        () =>
          get(ports[i], '/ready').then(
            (r) => r.status === 200,
            () => false,
          ),
        {
          timeoutMs: 90_000,
          message: () => `service not ready:\n${child.output()}`,
        },
      );
    }
    expect((await get(ports[0], '/lead-intake/info')).status).toBe(200);
    expect((await get(ports[0], '/routing/info')).status).toBe(404);
    expect((await get(ports[1], '/routing/info')).status).toBe(200);
    children.forEach((c) => c.kill('SIGTERM'));
    await Promise.all(children.map((c) => waitForExit(c)));
    await waitForOutput(children[0], 'Shutting down');
    await database.drop();
  });
});
