import { resolve } from 'node:path';
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
      dataDir: '/srv/.leadline-data',
      databaseUrl: undefined,
      kafka: undefined,
      logLevel: 'log',
      services: undefined,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', KAFKA_BROKERS: ' ' }, { cwd: '/srv' }).port).toBe(3000);
  });

  it('reads distributed mode: postgres URL, Kafka brokers, prefix and client id', () => {
    const config = loadConfig(
      { PORT: '8080', DATABASE_URL: pg, KAFKA_BROKERS: 'kafka:9092, kafka-2:9092', KAFKA_CLIENT_ID: 'scoring' },
      { cwd: '/srv' },
    );
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe(pg);
    expect(config.kafka).toEqual({ brokers: ['kafka:9092', 'kafka-2:9092'], topicPrefix: 'leadline.', clientId: 'scoring' });
  });

  it('uses the caller-provided Kafka client id when KAFKA_CLIENT_ID is unset', () => {
    const config = loadConfig({ DATABASE_URL: pg, KAFKA_BROKERS: 'kafka:9092' }, { clientId: 'leadline-routing' });
    expect(config.kafka?.clientId).toBe('leadline-routing');
  });

  it('resolves a relative DATA_DIR against the working directory', () => {
    expect(loadConfig({ DATA_DIR: 'data/pg' }, { cwd: '/srv' }).dataDir).toBe(resolve('/srv', 'data/pg'));
  });

  it('selects services from SERVICES when the runner allows selection', () => {
    expect(loadConfig({ SERVICES: 'scoring,metrics' }, { knownServices }).services).toEqual(['scoring', 'metrics']);
  });

  it('ignores SERVICES in a single-service app', () => {
    expect(loadConfig({ SERVICES: 'nonsense' }).services).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer between 1 and 65535 (got "abc")'],
    [{ PORT: '0' }, 'PORT must be an integer between 1 and 65535 (got "0")'],
    [{ PORT: '65536' }, 'PORT must be an integer between 1 and 65535 (got "65536")'],
    [{ PORT: '30.5' }, 'PORT must be an integer between 1 and 65535 (got "30.5")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://db/x")'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [{ KAFKA_BROKERS: 'kafka:9092' }, 'KAFKA_BROKERS requires DATABASE_URL: Kafka mode needs a shared PostgreSQL event store'],
    [{ DATABASE_URL: pg, KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka")'],
    [{ DATABASE_URL: pg, KAFKA_BROKERS: ',,' }, 'KAFKA_BROKERS must list at least one broker'],
    [{ KAFKA_TOPIC_PREFIX: 'lead line/' }, 'KAFKA_TOPIC_PREFIX may only contain letters, digits'],
    [{ KAFKA_CLIENT_ID: 'a b' }, 'KAFKA_CLIENT_ID may only contain letters, digits'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose (got "loud")'],
    [{ SERVICES: 'scoring,billing' }, 'SERVICES must be a comma-separated list of: lead-intake, scoring, metrics'],
  ])('rejects %j naming the setting and why', (env, expected) => {
    const message = problemOf(env);
    expect(message.startsWith('Invalid configuration: ')).toBe(true);
    expect(message).toContain(expected);
  });

  it('names every bad setting in one message', () => {
    expect(problemOf({ PORT: 'abc', LOG_LEVEL: 'loud' })).toBe(
      'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc"); ' +
        'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose (got "loud")',
    );
  });
});
