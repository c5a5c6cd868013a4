import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvReader } from './env-reader';
import { loadConfig } from './load-config';
import { ConfigurationError } from './platform-config';
import { readSecretSetting } from './secrets';

describe('secrets from files (<NAME>_FILE)', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'leadline-secrets-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file NAME_FILE names, without its trailing line break; NAME alone as before', () => {
    expect(readSecretSetting({ SMTP_PASSWORD_FILE: file('smtp', 's3cret pass\n') }, 'SMTP_PASSWORD')).toEqual({ value: 's3cret pass' });
    expect(readSecretSetting({ SMTP_PASSWORD_FILE: file('crlf', 'abc\r\n') }, 'SMTP_PASSWORD')).toEqual({ value: 'abc' });
    expect(readSecretSetting({ SMTP_PASSWORD: ' inline ' }, 'SMTP_PASSWORD')).toEqual({ value: 'inline' });
    expect(readSecretSetting({}, 'SMTP_PASSWORD')).toEqual({ value: undefined });
  });

  it('names the variable, never the secret, when both are set or the file is missing, unreadable or empty', () => {
    expect(readSecretSetting({ X: 'a', X_FILE: file('x', 'b') }, 'X').problem).toBe('X and X_FILE are both set: give one');
    expect(readSecretSetting({ X_FILE: join(dir, 'missing') }, 'X').problem).toMatch(
      /^X_FILE names a file that cannot be read \(".*missing": ENOENT\)$/,
    );
    expect(readSecretSetting({ X_FILE: file('empty', '\n') }, 'X').problem).toMatch(/^X_FILE names an empty file/);
    if (process.getuid?.() !== 0) {
      const locked = file('locked', 'hidden');
      chmodSync(locked, 0o000);
      expect(readSecretSetting({ X_FILE: locked }, 'X').problem).toMatch(/EACCES/);
    }
  });

  it('EnvReader.secret collects the problem with the others', () => {
    const reader = new EnvReader({ ROUTING_WEBHOOK_SECRET_FILE: join(dir, 'nope'), PORT_X: 'x' });
    expect(reader.secret('ROUTING_WEBHOOK_SECRET')).toBeUndefined();
    expect(() => reader.done({})).toThrow(ConfigurationError);
  });

  it('takes DATABASE_URL from a file and DATABASE_PASSWORD (from a file) into its URL', () => {
    const url = file('url', 'postgres://leadline@db.internal:5432/leadline\n');
    const password = file('password', 'p@ss:w/rd\n');
    expect(loadConfig({ DATABASE_URL_FILE: url }).databaseUrl).toBe('postgres://leadline@db.internal:5432/leadline');
    const withPassword = loadConfig({ DATABASE_URL_FILE: url, DATABASE_PASSWORD_FILE: password }).databaseUrl ?? '';
    expect(decodeURIComponent(new URL(withPassword).password)).toBe('p@ss:w/rd');
    expect(new URL(withPassword).host).toBe('db.internal:5432');
  });

  it('refuses a password twice or without a URL, and never repeats a URL password in the message', () => {
    const problemOf = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigurationError) return error.message;
      }
      throw new Error('expected a ConfigurationError');
    };
    expect(problemOf({ DATABASE_URL: 'postgres://u:old@db/x', DATABASE_PASSWORD: 'new' })).toContain(
      'DATABASE_PASSWORD is set and DATABASE_URL has a password too',
    );
    expect(problemOf({ DATABASE_PASSWORD: 'alone' })).toContain('DATABASE_PASSWORD (or DATABASE_PASSWORD_FILE) needs DATABASE_URL');
    const message = problemOf({ DATABASE_URL: 'mysql://u:hunter2@db/x' });
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL (got a mysql: URL)');
    expect(message).not.toContain('hunter2');
    expect(problemOf({ DATABASE_URL: 'user:hunter2 at the db' })).not.toContain('hunter2');
  });
});
