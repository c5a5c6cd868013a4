import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaConnectionOptions } from '../kafka-client';
import { loadConfig } from './load-config';
import { ConfigurationError } from './platform-config';

const PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

describe('Kafka SASL and TLS settings', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'leadline-kafka-tls-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kafka = (env: Record<string, string>) => loadConfig({ DATABASE_URL: PG, KAFKA_BROKERS: 'kafka:9093', ...env }).kafka;
  const problemOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ DATABASE_URL: PG, KAFKA_BROKERS: 'kafka:9093', ...env });
    } catch (error) {
      if (error instanceof ConfigurationError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigurationError');
  };

  it('connects in plaintext without SASL or TLS settings', () => {
    expect(kafka({})?.sasl).toBeUndefined();
    expect(kafka({})?.tls).toBeUndefined();
    expect(kafkaConnectionOptions(kafka({})!)).toEqual({});
  });

  it('reads SASL (any mechanism, the password also from a file) and TLS with a CA and a client certificate', () => {
    const password = file('password', 'kafka-secret\n');
    const config = kafka({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'leadline',
      KAFKA_SASL_PASSWORD_FILE: password,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: file('ca.pem', CERT),
      KAFKA_TLS_CERT_FILE: file('client.pem', CERT),
      KAFKA_TLS_KEY_FILE: file('client.key', KEY),
    })!;
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'leadline', password: 'kafka-secret' });
    expect(kafkaConnectionOptions(config)).toEqual({
      ssl: { ca: CERT, cert: CERT, key: KEY },
      sasl: { mechanism: 'scram-sha-512', username: 'leadline', password: 'kafka-secret' },
    });
    expect(kafkaConnectionOptions(kafka({ KAFKA_TLS: 'true' })!)).toEqual({ ssl: true });
    expect(kafka({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })?.sasl?.mechanism).toBe('plain');
  });

  it.each([
    [
      { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512',
    ],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' },
      'KAFKA_SASL_MECHANISM=plain needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    ],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM'],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SASL_PASSWORD_FILE: '/x' },
      'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set',
    ],
    [{ KAFKA_TLS: 'yes' }, 'KAFKA_TLS must be one of true, false (got "yes")'],
    [{ KAFKA_TLS_CA_FILE: '/etc/ca.pem' }, 'KAFKA_TLS_CA_FILE needs KAFKA_TLS=true'],
    [
      { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.pem' },
      'KAFKA_TLS_CA_FILE names a file that cannot be read ("/nowhere/ca.pem": ENOENT)',
    ],
  ])('refuses %j naming the setting', (env, expected) => {
    expect(problemOf(env)).toContain(expected);
  });

  it('refuses a certificate without its key, files that hold no PEM block, and any of it without KAFKA_BROKERS', () => {
    expect(problemOf({ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: file('only-cert.pem', CERT) })).toContain(
      'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together',
    );
    expect(problemOf({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: file('not-pem.txt', 'hello') })).toContain(
      'KAFKA_TLS_CA_FILE must name a PEM file with a CERTIFICATE block',
    );
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: 'true' })).toThrow(
      'KAFKA_SASL_MECHANISM, KAFKA_TLS need KAFKA_BROKERS',
    );
  });
});
