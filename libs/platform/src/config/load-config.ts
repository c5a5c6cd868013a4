import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvReader } from './env-reader';
import {
  ALL_SERVICES,
  DEFAULT_KAFKA_HEARTBEAT_INTERVAL_MS,
  DEFAULT_KAFKA_SESSION_TIMEOUT_MS,
  DEFAULT_PROMETHEUS_PORT,
  DEFAULT_SHUTDOWN_DELAY_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  ENVIRONMENT_VARIABLE_NAMES,
  EnvironmentVariables,
} from './environment.variables';
import { readHttpEdgeConfig } from './http-settings';
import { readKafkaSecurity } from './kafka-security';
import { readKafkaTopicsConfig } from './kafka-topic-settings';
import { loadAuthConfig, type AuthConfig } from '../auth/auth.config';
import { ConfigurationError, type PlatformConfig } from './platform-config';

export interface LoadConfigOptions {
  /** Names SERVICES may select from; without it SERVICES is ignored (a single-service app). */
  readonly knownServices?: readonly string[];
  /** Default Kafka client id when KAFKA_CLIENT_ID is unset. */
  readonly clientId?: string;
  /** Base for a relative DATA_DIR (default: the working directory). */
  readonly cwd?: string;
}

/** The pool's connections per process unless DATABASE_POOL_SIZE says otherwise, and the most it may say. */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
const MAX_DATABASE_POOL_SIZE = 500;

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads and validates the environment; throws ConfigurationError naming every bad setting. */
export function loadConfig(env: Environment, options: LoadConfigOptions = {}): PlatformConfig {
  const reader = new EnvReader(env);
  const raw = setVariables({ ...env, DATABASE_URL: databaseUrlOf(reader) });
  if (!options.knownServices) delete raw['SERVICES'];
  const vars = plainToInstance(EnvironmentVariables, raw);
  vars.knownServices = options.knownServices ?? [];
  const errors = validateSync(vars, { forbidUnknownValues: true });
  const http = readHttpEdgeConfig(reader);
  const topics = readKafkaTopicsConfig(reader);
  const databasePoolSize = reader.int('DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE, 1, MAX_DATABASE_POOL_SIZE);
  const masterKey = reader.secret('LEADLINE_MASTER_KEY');
  const kafkaSecurity = readKafkaSecurity(reader, raw['KAFKA_BROKERS'] !== undefined);
  const problems = [...errors.map((error) => describe(error, raw)), ...reader.problems];
  let auth: AuthConfig | undefined;
  try {
    auth = loadAuthConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !auth) throw new ConfigurationError(problems);

  const cwd = options.cwd ?? process.cwd();
  const heartbeatIntervalMs = vars.KAFKA_HEARTBEAT_INTERVAL_MS ?? DEFAULT_KAFKA_HEARTBEAT_INTERVAL_MS;
  return {
    port: vars.PORT ?? 3000,
    prometheusPort: vars.PROMETHEUS_PORT ?? DEFAULT_PROMETHEUS_PORT,
    dataDir: resolve(cwd, vars.DATA_DIR ?? '.leadline-data'),
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize,
    kafka: vars.KAFKA_BROKERS && {
      brokers: vars.KAFKA_BROKERS,
      topicPrefix: vars.KAFKA_TOPIC_PREFIX ?? 'leadline.',
      clientId: vars.KAFKA_CLIENT_ID ?? options.clientId ?? 'leadline',
      sessionTimeoutMs: vars.KAFKA_SESSION_TIMEOUT_MS ?? DEFAULT_KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs,
      // An idle fetch waits a heartbeat interval unless told otherwise (environment.variables.ts).
      fetchMaxWaitMs: vars.KAFKA_FETCH_MAX_WAIT_MS ?? heartbeatIntervalMs,
      ...kafkaSecurity,
      topics,
    },
    logLevel: vars.LOG_LEVEL ?? 'log',
    logFormat: vars.LOG_FORMAT,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS,
    shutdownDelayMs: vars.SHUTDOWN_DELAY_MS ?? DEFAULT_SHUTDOWN_DELAY_MS,
    migrateOnStart: vars.MIGRATE_ON_START ?? true,
    // `all` (or unset): every service the runner has.
    services: vars.SERVICES?.includes(ALL_SERVICES) ? undefined : vars.SERVICES,
    http,
    masterKey,
    auth,
  };
}

/** Only the settings this module reads, with empty values treated as unset. */
function setVariables(env: Environment): Record<string, string> {
  const set: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLE_NAMES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') set[name] = value.trim();
  }
  return set;
}

/**
 * DATABASE_URL (or DATABASE_URL_FILE), with DATABASE_PASSWORD (or DATABASE_PASSWORD_FILE) put in
 * as its password: the URL can sit in a ConfigMap and the password in a Secret.
 */
function databaseUrlOf(reader: EnvReader): string | undefined {
  const url = reader.secret('DATABASE_URL');
  const password = reader.secret('DATABASE_PASSWORD');
  if (password === undefined) return url;
  if (url === undefined) {
    reader.problem('DATABASE_PASSWORD (or DATABASE_PASSWORD_FILE) needs DATABASE_URL');
    return undefined;
  }
  try {
    const parsed = new URL(url);
    if (parsed.password) reader.problem('DATABASE_PASSWORD is set and DATABASE_URL has a password too: give one');
    parsed.password = password;
    return parsed.toString();
  } catch {
    return url; // reported by the URL's own validation
  }
}

function describe(error: ValidationError, raw: Record<string, string>): string {
  const reasons = [...new Set(Object.values(error.constraints ?? {}))];
  return `${error.property} ${reasons.join(' and ')}${shown(error.property, raw[error.property])}`;
}

/** The value as given, for the message; of DATABASE_URL (it may hold a password) only its scheme. */
function shown(property: string, value: string | undefined): string {
  if (property !== 'DATABASE_URL' || value === undefined) return ` (got ${JSON.stringify(value)})`;
  try {
    return ` (got a ${new URL(value).protocol} URL)`;
  } catch {
    return '';
  }
}
