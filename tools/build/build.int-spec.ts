import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import {
  createTempDir,
  createTestDatabase,
  freePort,
  killIfRunning,
  argumentsOf,
  environmentOf,
  runCommand,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  waitForExit,
  waitForOutput,
  type TempDir,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';
import { testAdminKey } from '@leadline/platform/testing';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const ADMIN_KEY = testAdminKey();
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

/** This environment without the npm_* variables of an `npm test` around jest: npm reads them as its own settings. */
function withoutNpmSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

/** Files under `dir` (node_modules left out), relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => !path.split('/').includes('node_modules'));
}

async function ready(url: string): Promise<boolean> {
  const response = await fetch(`${url}/ready`);
  return response.status === 200;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: { leadId?: string; message?: string[] } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { leadId?: string; message?: string[] } };
}

describe('the production build, installed the way the image installs it', () => {
  let dir: TempDir;
  let app: string;

  beforeAll(async () => {
    dir = await createTempDir('build');
    app = join(dir.path, 'app');
    await exec(process.execPath, [join(ROOT, 'tools', 'build', 'build.mjs'), '--out-dir', app], { cwd: ROOT });
    await exec('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      env: withoutNpmSettings(),
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 300_000);

  afterAll(() => dir?.cleanup());

  it('holds compiled JavaScript and the production dependencies only: no TypeScript, no transpiler, no test tooling', async () => {
    expect(filesUnder(app).filter((path) => path.endsWith('.ts'))).toEqual([]);
    // Node's own resolution (jest's would follow the tsconfig paths): the workspace link, then its main.
    const { stdout } = await exec(process.execPath, ['-p', `require.resolve('@leadline/service-lead-intake')`], { cwd: app });
    expect(relative(app, stdout.trim())).toBe('libs/services/lead-intake/src/index.js');
    for (const devOnly of ['@swc/core', '@swc-node/register', 'jest', 'typescript', '@leadline/testing']) {
      expect([devOnly, existsSync(join(app, 'node_modules', devOnly))]).toEqual([devOnly, false]);
    }
  });

  describe('a service started with plain node on PostgreSQL and Kafka, after the migrations', () => {
    let db: TestDatabase;
    let service: TsProcess | undefined;
    let url: string;
    let refused: { code: number | null; output: string };
    let migrated: { code: number | null; output: string };

    beforeAll(async () => {
      db = await createTestDatabase('build');
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      // As the image runs in production: services do not migrate (MIGRATE_ON_START=false), the migrate step does.
      const env = {
        PORT: String(port),
        DATABASE_URL: db.url,
        AUTH_ADMIN_KEY: ADMIN_KEY,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('build'),
        MIGRATE_ON_START: 'false',
      };
      // Through the image's entry point (tools/start-image.sh): a service and migrate run on plain node.
      const early = runCommand('sh', ['tools/start-image.sh', 'lead-intake'], { cwd: app, env });
      refused = { code: await waitForExit(early, 60_000), output: early.output() };
      const migrate = runCommand('sh', ['tools/start-image.sh', 'migrate'], { cwd: app, env });
      migrated = { code: await waitForExit(migrate, 60_000), output: migrate.output() };
      service = runCommand('sh', ['tools/start-image.sh', 'lead-intake'], { cwd: app, env });
      await waitFor(() => ready(url), { timeoutMs: 60_000, intervalMs: 200, message: () => `/ready 200; output:\n${service?.output()}` });
    }, 180_000);

    afterAll(async () => {
      await killIfRunning(service, 'SIGTERM');
      await db?.drop();
    });

    it('runs a service on plain node through the image entry point (no flags of the embedded process)', () => {
      expect(argumentsOf(service?.pid)).toEqual(['tools/start-service.js', 'lead-intake']);
    });

    it('refuses to start before the migrations ran, and names them; the migrate command applies them', () => {
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('The database schema is behind this build');
      expect(refused.output).toContain('lead_intake: LeadIntakeBaseline');
      expect(migrated.code).toBe(0);
      expect(migrated.output).toMatch(/migrate: \d+ applied; the database is at this build's version/);
      expect(migrated.output).toContain('applied event_store: EventStoreBaseline');
    });

    it('validates requests from the decorator metadata the build kept', async () => {
      const { status, json } = await post(`${url}/leads`, { source: 'demo-request' });
      expect(status).toBe(400);
      expect(json.message).toEqual(expect.arrayContaining(['contact must be an object']));
    });

    it('captures a lead into the event store and reads it back', async () => {
      const { status, json } = await post(`${url}/leads`, {
        source: 'demo-request',
        contact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile@acme.example' },
        company: { name: 'Acme Corporation', country: 'US' },
        consent: true,
      });
      expect(status).toBeLessThan(300);
      const lead = await fetch(`${url}/leads/${json.leadId}`, { headers: AUTH });
      expect(lead.status).toBe(200);
    });
  });

  it('runs the embedded platform on a fresh folder from the PGlite template `prepare` made at install', async () => {
    // Both forms: the folder that fresh data folders copy, the tarball that in-memory databases load.
    expect(readdirSync(join(app, 'node_modules', '.cache', 'leadline')).sort()).toEqual([
      expect.stringMatching(/^pglite-.+-template$/),
      expect.stringMatching(/^pglite-.+-template\.tar\.gz$/),
    ]);
    const port = await freePort();
    // As the image runs it (its entry point, and the build's `npm start`): through tools/start-platform.sh.
    expect((JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start).toBe(
      'exec sh tools/start-image.sh platform',
    );
    const platform = runCommand('sh', ['tools/start-image.sh', 'platform'], {
      cwd: app,
      env: {
        PORT: String(port),
        DATA_DIR: join(dir.path, 'data'),
        DATABASE_URL: undefined,
        KAFKA_BROKERS: undefined,
        PLATFORM_NODE_FLAGS: undefined,
        MALLOC_ARENA_MAX: undefined,
      },
    });
    try {
      // Both shells exec'd: the child is node itself, with the embedded process's V8 flags and malloc arenas (the
      // defaults of tools/start-platform.sh, as `npm start` runs the platform in the repository).
      await waitFor(() => readFileSync(`/proc/${platform.pid}/comm`, 'utf8').trim() === 'node', { timeoutMs: 10_000 });
      expect(argumentsOf(platform.pid)).toEqual([
        '--heap-growing-percent=30',
        '--liftoff-only',
        '--max-semi-space-size=8',
        'tools/start-service.js',
        'platform',
      ]);
      expect(environmentOf(platform.pid)).toContain('MALLOC_ARENA_MAX=2');
      // On PostgreSQL (the small overlay's `platform` pods) it runs on plain node, as the distributed services do.
      const onPostgres = runCommand('sh', ['tools/start-image.sh', 'platform'], {
        cwd: app,
        env: { PORT: '0', DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', KAFKA_BROKERS: undefined, MALLOC_ARENA_MAX: undefined },
      });
      try {
        await waitFor(() => readFileSync(`/proc/${onPostgres.pid}/comm`, 'utf8').trim() === 'node', { timeoutMs: 10_000 });
        expect(argumentsOf(onPostgres.pid)).toEqual(['tools/start-service.js', 'platform']);
        expect(environmentOf(onPostgres.pid)).not.toContain('MALLOC_ARENA_MAX=2');
      } finally {
        await killIfRunning(onPostgres, 'SIGKILL');
      }
      // The demo organisation is read from apps/platform/demo: the build ships the data beside the code.
      await waitForOutput(platform, 'Demo organisation: 4 SDRs, 10 companies', 90_000);
      expect(await ready(`http://127.0.0.1:${port}`)).toBe(true);
    } finally {
      await killIfRunning(platform, 'SIGTERM');
    }
  }, 120_000);
});
