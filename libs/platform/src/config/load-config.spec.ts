import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from './load-config';
import { ConfigurationError } from './platform-config';

const knownServices = ['lead-intake', 'scoring', 'metrics'];
const pg = 'postgres://postgres@127.0.0.1:5432/postgres';

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env, { knownServices, cwd: '/srv' });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('defaults to embedded mode on port 3000 with PGlite under the working directory', () => {
    expect(loadConfig({}, { cwd: '/srv' })).toEqual({
      port: 3000,
      prometheusPort: 9464,
      dataDir: '/srv/.leadline-data',
      databaseUrl: undefined,
      databasePoolSize: 10,
      kafka: undefined,
      logLevel: 'log',
      logFormat: undefined,
      migrateOnStart: true,
      services: undefined,
      http: {
        intakeRateLimit: { limit: 300, windowSeconds: 60 },
        corsOrigins: [],
        trustProxy: false,
        uploadMaxBytes: 32 * 1024 * 1024,
        uploadMaxRows: 100_000,
        admission: { maxInFlight: 64, maxQueued: 256, maxQueueWaitMs: 500, retryAfterSeconds: 1 },
        intakeMaxBacklogSeconds: 30,
        // Unset: by the process's services (acceptsPerTurnFor).
        acceptsPerTurn: undefined,
        // Longer than the 60 s a proxy in front keeps an idle upstream connection by default.
        keepAliveTimeoutMs: 65_000,
      },
      shutdownGraceMs: 20_000,
      shutdownDelayMs: 0,
      masterKey: undefined,
      // Authentication is on unless AUTH_DISABLED=true.
      auth: { disabled: false, adminKey: undefined, publicDocs: true, oidc: undefined },
    });
  });

  it('reads the HTTP edge: rate limit (0 turns it off), CORS origins, trusted proxies, upload limits, admission control, the intake backlog bound (0 turns each off), accepts per loop turn and the idle keep-alive time', () => {
    const http = (env: Record<string, string>) => loadConfig(env, { cwd: '/srv' }).http;
    expect(
      http({
        INTAKE_RATE_LIMIT: '20',
        INTAKE_RATE_WINDOW_SECONDS: '10',
        CORS_ORIGINS: 'https://www.acme.com, http://localhost:8080',
        TRUST_PROXY: '10.0.0.0/8,loopback,fd00::1',
        UPLOAD_MAX_BYTES: '1048576',
        UPLOAD_MAX_ROWS: '500',
        HTTP_MAX_IN_FLIGHT: '8',
        HTTP_MAX_QUEUED: '0',
        HTTP_MAX_QUEUE_WAIT_MS: '200',
        HTTP_RETRY_AFTER_S: '5',
        INTAKE_MAX_BACKLOG_SECONDS: '4',
        HTTP_ACCEPTS_PER_TURN: '1',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '620000',
      }),
    ).toEqual({
      intakeRateLimit: { limit: 20, windowSeconds: 10 },
      corsOrigins: ['https://www.acme.com', 'http://localhost:8080'],
      trustProxy: ['10.0.0.0/8', 'loopback', 'fd00::1'],
      uploadMaxBytes: 1_048_576,
      uploadMaxRows: 500,
      admission: { maxInFlight: 8, maxQueued: 0, maxQueueWaitMs: 200, retryAfterSeconds: 5 },
      intakeMaxBacklogSeconds: 4,
      acceptsPerTurn: 1,
      keepAliveTimeoutMs: 620_000,
    });
    expect(http({ INTAKE_RATE_LIMIT: '0' }).intakeRateLimit).toBeUndefined();
    expect(http({ HTTP_MAX_IN_FLIGHT: '0' }).admission).toBeUndefined();
    expect(http({ INTAKE_MAX_BACKLOG_SECONDS: '0' }).intakeMaxBacklogSeconds).toBeUndefined();
    expect(http({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(http({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(http({ HTTP_ACCEPTS_PER_TURN: '64' }).acceptsPerTurn).toBe(64);
    expect(problemOf({ HTTP_ACCEPTS_PER_TURN: '0' })).toContain('HTTP_ACCEPTS_PER_TURN must be an integer from 1 to 1024');
    expect(problemOf({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' })).toContain('HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer from 1000 to 900000');
  });

  it('reads the master key from LEADLINE_MASTER_KEY or the file LEADLINE_MASTER_KEY_FILE names, not both, never echoing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-config-'));
    try {
      writeFileSync(join(dir, 'master.key'), 'a-key-from-a-file\n');
      expect(loadConfig({ LEADLINE_MASTER_KEY_FILE: join(dir, 'master.key') }).masterKey).toBe('a-key-from-a-file');
      expect(loadConfig({ LEADLINE_MASTER_KEY: 'a-key-from-the-env' }).masterKey).toBe('a-key-from-the-env');
      const problem = problemOf({ LEADLINE_MASTER_KEY: 'very-secret-value', LEADLINE_MASTER_KEY_FILE: join(dir, 'master.key') });
      expect(problem).toContain('both set');
      expect(problem).not.toContain('very-secret-value');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads MIGRATE_ON_START: false leaves the migrations to `migrate` and only checks the schema version', () => {
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).migrateOnStart).toBe(false);
    expect(loadConfig({ MIGRATE_ON_START: 'TRUE' }).migrateOnStart).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', KAFKA_BROKERS: ' ' }, { cwd: '/srv' }).port).toBe(3000);
    expect(loadConfig({ PROMETHEUS_PORT: '0' }, { cwd: '/srv' }).prometheusPort).toBe(0);
  });

  it('reads distributed mode: postgres URL, Kafka brokers, prefix and client id', () => {
    const config = loadConfig(
      { PORT: '8080', DATABASE_URL: pg, KAFKA_BROKERS: 'kafka:9092, kafka-2:9092', KAFKA_CLIENT_ID: 'scoring' },
      { cwd: '/srv' },
    );
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe(pg);
    expect(config.kafka).toEqual({
      brokers: ['kafka:9092', 'kafka-2:9092'],
      topicPrefix: 'leadline.',
      clientId: 'scoring',
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 3_000,
      fetchMaxWaitMs: 3_000,
      topics: {
        defaults: { numPartitions: 6, replicationFactor: 1, minInsyncReplicas: undefined, retentionMs: undefined },
        overrides: [],
        onMismatch: 'warn',
      },
    });
  });

  it('reads the consumer group timings and the shutdown grace', () => {
    const config = loadConfig({
      DATABASE_URL: pg,
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_SESSION_TIMEOUT_MS: '45000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '15000',
      SHUTDOWN_GRACE_MS: '25000',
    });
    // An idle member's fetch wait follows the heartbeat unless set.
    expect(config.kafka).toMatchObject({ sessionTimeoutMs: 45_000, heartbeatIntervalMs: 15_000, fetchMaxWaitMs: 15_000 });
    expect(config.shutdownGraceMs).toBe(25_000);
    expect(config.shutdownDelayMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '25000', SHUTDOWN_DELAY_MS: '10000' }).shutdownDelayMs).toBe(10_000);
    const set = loadConfig({ DATABASE_URL: pg, KAFKA_BROKERS: 'kafka:9092', KAFKA_FETCH_MAX_WAIT_MS: '500' });
    expect(set.kafka).toMatchObject({ heartbeatIntervalMs: 3_000, fetchMaxWaitMs: 500 });
  });

  it('uses the caller-provided Kafka client id when KAFKA_CLIENT_ID is unset', () => {
    const config = loadConfig({ DATABASE_URL: pg, KAFKA_BROKERS: 'kafka:9092' }, { clientId: 'leadline-routing' });
    expect(config.kafka?.clientId).toBe('leadline-routing');
  });

  it('resolves a relative DATA_DIR against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'data/pg' }, { cwd: '/srv' }).dataDir).toBe(resolve('/srv', 'data/pg'));
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE', () => {
    expect(loadConfig({ DATABASE_URL: pg, DATABASE_POOL_SIZE: '24' }).databasePoolSize).toBe(24);
  });

  it('selects services from SERVICES when the runner allows selection', () => {
    expect(loadConfig({ SERVICES: 'scoring,metrics' }, { knownServices }).services).toEqual(['scoring', 'metrics']);
  });

  it('takes SERVICES=all for every service of the runner', () => {
    expect(loadConfig({ SERVICES: 'all' }, { knownServices }).services).toBeUndefined();
  });

  it('ignores SERVICES in a single-service app', () => {
    expect(loadConfig({ SERVICES: 'nonsense' }).services).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer between 1 and 65535 (got "abc")'],
    [{ PORT: '0' }, 'PORT must be an integer between 1 and 65535 (got "0")'],
    [{ PORT: '65536' }, 'PORT must be an integer between 1 and 65535 (got "65536")'],
    [{ PORT: '30.5' }, 'PORT must be an integer between 1 and 65535 (got "30.5")'],
    [{ PROMETHEUS_PORT: 'off' }, 'PROMETHEUS_PORT must be an integer between 0 and 65535 (got "off")'],
    [{ PROMETHEUS_PORT: '65536' }, 'PROMETHEUS_PORT must be an integer between 0 and 65535 (got "65536")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL (got a mysql: URL)'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ KAFKA_BROKERS: 'kafka:9092' }, 'KAFKA_BROKERS requires DATABASE_URL: Kafka mode needs a shared PostgreSQL event store'],
    [{ DATABASE_URL: pg, KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka")'],
    [{ DATABASE_URL: pg, KAFKA_BROKERS: ',,' }, 'KAFKA_BROKERS must list at least one broker'],
    [{ KAFKA_TOPIC_PREFIX: 'lead line/' }, 'KAFKA_TOPIC_PREFIX may only contain letters, digits'],
    [{ KAFKA_CLIENT_ID: 'a b' }, 'KAFKA_CLIENT_ID may only contain letters, digits'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, log, info, debug, verbose, trace (got "loud")'],
    [{ LOG_FORMAT: 'yaml' }, 'LOG_FORMAT must be one of json, pretty (got "yaml")'],
    [{ KAFKA_SESSION_TIMEOUT_MS: '3000' }, 'KAFKA_SESSION_TIMEOUT_MS must be an integer number of milliseconds between 6000 and 300000'],
    [
      { KAFKA_HEARTBEAT_INTERVAL_MS: '4000' },
      'KAFKA_HEARTBEAT_INTERVAL_MS must be an integer number of milliseconds, at least 100 and at most a third of KAFKA_SESSION_TIMEOUT_MS (default 10000) (got "4000")',
    ],
    [{ KAFKA_SESSION_TIMEOUT_MS: '30000', KAFKA_HEARTBEAT_INTERVAL_MS: '10001' }, 'KAFKA_HEARTBEAT_INTERVAL_MS must be'],
    [
      { KAFKA_FETCH_MAX_WAIT_MS: '5000' },
      'KAFKA_FETCH_MAX_WAIT_MS must be an integer number of milliseconds, at least 100 and at most a third of KAFKA_SESSION_TIMEOUT_MS (default 10000) (got "5000")',
    ],
    [{ KAFKA_FETCH_MAX_WAIT_MS: '50' }, 'KAFKA_FETCH_MAX_WAIT_MS must be'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'SHUTDOWN_GRACE_MS must be an integer number of milliseconds between 1000 and 600000 (got "soon")'],
    [
      { SHUTDOWN_DELAY_MS: '20000' },
      'SHUTDOWN_DELAY_MS must be an integer number of milliseconds, at least 0 and less than SHUTDOWN_GRACE_MS (default 20000) (got "20000")',
    ],
    [{ SHUTDOWN_GRACE_MS: '5000', SHUTDOWN_DELAY_MS: '6000' }, 'SHUTDOWN_DELAY_MS must be an integer number of milliseconds, at least 0'],
    [{ SHUTDOWN_DELAY_MS: '-1' }, 'SHUTDOWN_DELAY_MS must be an integer number of milliseconds, at least 0'],
    [{ MIGRATE_ON_START: 'no' }, 'MIGRATE_ON_START must be true or false (got "no")'],
    [
      { SERVICES: 'scoring,billing' },
      'SERVICES names no service of this runner: "billing"; it must be "all" or a comma-separated list of: lead-intake, scoring, metrics (got "scoring,billing")',
    ],
    [{ SERVICES: 'scoring,metrics,scoring' }, 'SERVICES names "scoring" more than once (got "scoring,metrics,scoring")'],
    [{ SERVICES: 'all,scoring' }, 'SERVICES must be "all" alone or name services, not both'],
    [{ SERVICES: ' , ' }, 'SERVICES must name at least one service: "all" or a comma-separated list of'],
    [{ INTAKE_RATE_LIMIT: 'lots' }, 'INTAKE_RATE_LIMIT must be an integer from 0 to 1000000 (got "lots")'],
    [{ INTAKE_RATE_WINDOW_SECONDS: '0' }, 'INTAKE_RATE_WINDOW_SECONDS must be an integer from 1 to 86400'],
    [{ CORS_ORIGINS: 'https://acme.com/form' }, 'CORS_ORIGINS must be a comma-separated list of origins such as https://www.example.com'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS must be a comma-separated list of origins'],
    [{ TRUST_PROXY: 'true' }, '"true" (trust any X-Forwarded-For) is refused (got "true")'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY must be a number of proxy hops'],
    [{ UPLOAD_MAX_BYTES: '10' }, 'UPLOAD_MAX_BYTES must be an integer from 1024 to 1073741824 (got "10")'],
    [{ UPLOAD_MAX_ROWS: '-1' }, 'UPLOAD_MAX_ROWS must be an integer from 1 to 10000000'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE must be an integer from 1 to 500 (got "0")'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE must be an integer from 1 to 500 (got "many")'],
  ])('rejects %j naming the setting and why', (env, expected) => {
    const message = problemOf(env);
    expect(message.startsWith('Invalid configuration: ')).toBe(true);
    expect(message).toContain(expected);
  });

  it('names every bad setting in one message', () => {
    expect(problemOf({ PORT: 'abc', LOG_LEVEL: 'loud' })).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc"); ' +
        'LOG_LEVEL must be one of fatal, error, warn, log, info, debug, verbose, trace (got "loud")',
    );
  });
});
