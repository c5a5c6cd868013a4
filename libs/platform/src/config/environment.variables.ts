import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';

/** Nest's level names, and pino's `info` and `trace` for `log` and `verbose`. */
export const LOG_LEVEL_NAMES = ['fatal', 'error', 'warn', 'log', 'info', 'debug', 'verbose', 'trace'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const KAFKA_BROKER = /^[A-Za-z0-9._-]+:\d{1,5}$/;
// Kafka's legal topic characters; the prefix is prepended to a category name.
const KAFKA_TOPIC_PREFIX = /^[A-Za-z0-9._-]{0,200}$/;

const commaList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

const booleanOrString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value;

const integerOrNaN = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (/^\d+$/.test(value.trim()) ? Number(value) : Number.NaN) : value;

@ValidatorConstraint({ name: 'postgresUrl' })
class PostgresUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    } catch {
      return false;
    }
  }
}

@ValidatorConstraint({ name: 'kafkaNeedsPostgres' })
class KafkaNeedsPostgresConstraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return Boolean((args.object as EnvironmentVariables).DATABASE_URL);
  }
}

/** Defaults of the Kafka consumer groups' timings (KAFKA_SESSION_TIMEOUT_MS, KAFKA_HEARTBEAT_INTERVAL_MS). */
export const DEFAULT_KAFKA_SESSION_TIMEOUT_MS = 10_000;
export const DEFAULT_KAFKA_HEARTBEAT_INTERVAL_MS = 3_000;
/** How long a stopping process may take before it gives up and exits 1 (SHUTDOWN_GRACE_MS). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
/**
 * How long a stopping process keeps serving while `/ready` answers 503, before it refuses requests
 * (SHUTDOWN_DELAY_MS): none by default, since Kubernetes' preStop sleep already keeps a leaving pod serving.
 */
export const DEFAULT_SHUTDOWN_DELAY_MS = 0;
/** The OpenTelemetry Prometheus exporter's default port (PROMETHEUS_PORT). */
export const DEFAULT_PROMETHEUS_PORT = 9464;

const HEARTBEAT_MESSAGE =
  'must be an integer number of milliseconds, at least 100 and at most a third of KAFKA_SESSION_TIMEOUT_MS (default 10000)';

const FETCH_WAIT_MESSAGE =
  'must be an integer number of milliseconds, at least 100 and at most a third of KAFKA_SESSION_TIMEOUT_MS (default 10000)';

@ValidatorConstraint({ name: 'heartbeatUnderSession' })
class HeartbeatUnderSessionConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const session = (args.object as EnvironmentVariables).KAFKA_SESSION_TIMEOUT_MS;
    return typeof value === 'number' && value * 3 <= (typeof session === 'number' ? session : DEFAULT_KAFKA_SESSION_TIMEOUT_MS);
  }
}

@ValidatorConstraint({ name: 'delayUnderGrace' })
class DelayUnderGraceConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const grace = (args.object as EnvironmentVariables).SHUTDOWN_GRACE_MS;
    return typeof value === 'number' && value < (typeof grace === 'number' ? grace : DEFAULT_SHUTDOWN_GRACE_MS);
  }
}

const SHUTDOWN_DELAY_MESSAGE = 'must be an integer number of milliseconds, at least 0 and less than SHUTDOWN_GRACE_MS (default 20000)';

/** SERVICES's one value that is not a service's name: every service the runner has. */
export const ALL_SERVICES = 'all';

/** What is wrong with a SERVICES list (names given, in order), or undefined. */
export function servicesProblem(names: readonly string[], known: readonly string[]): string | undefined {
  const choice = `"${ALL_SERVICES}" or a comma-separated list of: ${known.join(', ')}`;
  if (names.length === 0) return `must name at least one service: ${choice}`;
  if (names.includes(ALL_SERVICES)) return names.length === 1 ? undefined : `must be "${ALL_SERVICES}" alone or name services, not both`;
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) return `names no service of this runner: ${unknown.map((name) => `"${name}"`).join(', ')}; it must be ${choice}`;
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) return `names ${[...new Set(twice)].map((name) => `"${name}"`).join(', ')} more than once`;
  return undefined;
}

@ValidatorConstraint({ name: 'knownServices' })
class KnownServicesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const known = (args.object as EnvironmentVariables).knownServices;
    return Array.isArray(value) && value.every((name) => typeof name === 'string') && servicesProblem(value, known) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    const known = (args.object as EnvironmentVariables).knownServices;
    return Array.isArray(args.value) ? (servicesProblem(args.value as string[], known) ?? '') : 'must be a comma-separated list';
  }
}

/**
 * The process environment as class-validator sees it. Empty variables count as unset;
 * each property carries the one message shown for it, so an operator reads what to fix.
 */
export class EnvironmentVariables {
  /** Not an environment variable: the service names SERVICES may select from. */
  knownServices: readonly string[] = [];

  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT?: number;

  /** The Prometheus exposition's port (0: any free port, for tests that start many processes). */
  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: 'must be an integer between 0 and 65535' })
  @Min(0, { message: 'must be an integer between 0 and 65535' })
  @Max(65535, { message: 'must be an integer between 0 and 65535' })
  PROMETHEUS_PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a folder path' })
  DATA_DIR?: string;

  @IsOptional()
  @Validate(PostgresUrlConstraint, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(commaList)
  @ArrayNotEmpty({ message: 'must list at least one broker as host:port' })
  @Matches(KAFKA_BROKER, { each: true, message: 'must be a comma-separated list of host:port' })
  @Validate(KafkaNeedsPostgresConstraint, {
    message: 'requires DATABASE_URL: Kafka mode needs a shared PostgreSQL event store, not the embedded PGlite one',
  })
  KAFKA_BROKERS?: string[];

  @IsOptional()
  @Matches(KAFKA_TOPIC_PREFIX, { message: 'may only contain letters, digits, ".", "_" and "-" (at most 200)' })
  KAFKA_TOPIC_PREFIX?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'may only contain letters, digits, ".", "_" and "-"' })
  KAFKA_CLIENT_ID?: string;

  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: 'must be an integer number of milliseconds between 6000 and 300000' })
  @Min(6_000, { message: 'must be an integer number of milliseconds between 6000 and 300000' })
  @Max(300_000, { message: 'must be an integer number of milliseconds between 6000 and 300000' })
  KAFKA_SESSION_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: HEARTBEAT_MESSAGE })
  @Min(100, { message: HEARTBEAT_MESSAGE })
  @Validate(HeartbeatUnderSessionConstraint, { message: HEARTBEAT_MESSAGE })
  KAFKA_HEARTBEAT_INTERVAL_MS?: number;

  /** kafkajs heartbeats between fetches: an idle member's fetch wait is its heartbeat interval, so the same bound. */
  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: FETCH_WAIT_MESSAGE })
  @Min(100, { message: FETCH_WAIT_MESSAGE })
  @Validate(HeartbeatUnderSessionConstraint, { message: FETCH_WAIT_MESSAGE })
  KAFKA_FETCH_MAX_WAIT_MS?: number;

  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: 'must be an integer number of milliseconds between 1000 and 600000' })
  @Min(1_000, { message: 'must be an integer number of milliseconds between 1000 and 600000' })
  @Max(600_000, { message: 'must be an integer number of milliseconds between 1000 and 600000' })
  SHUTDOWN_GRACE_MS?: number;

  @IsOptional()
  @Transform(integerOrNaN)
  @IsInt({ message: SHUTDOWN_DELAY_MESSAGE })
  @Min(0, { message: SHUTDOWN_DELAY_MESSAGE })
  @Validate(DelayUnderGraceConstraint, { message: SHUTDOWN_DELAY_MESSAGE })
  SHUTDOWN_DELAY_MS?: number;

  @IsOptional()
  @IsIn(LOG_LEVEL_NAMES, { message: `must be one of ${LOG_LEVEL_NAMES.join(', ')}` })
  LOG_LEVEL?: LogLevelName;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT?: LogFormat;

  @IsOptional()
  @Transform(booleanOrString)
  @IsBoolean({ message: 'must be true or false' })
  MIGRATE_ON_START?: boolean;

  /** The services a multi-service runner hosts: `all`, or names (each once). */
  @IsOptional()
  @Transform(commaList)
  @Validate(KnownServicesConstraint)
  SERVICES?: string[];
}

export const ENVIRONMENT_VARIABLE_NAMES = [
  'PORT',
  'PROMETHEUS_PORT',
  'DATA_DIR',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_CLIENT_ID',
  'KAFKA_SESSION_TIMEOUT_MS',
  'KAFKA_HEARTBEAT_INTERVAL_MS',
  'KAFKA_FETCH_MAX_WAIT_MS',
  'SHUTDOWN_GRACE_MS',
  'SHUTDOWN_DELAY_MS',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'MIGRATE_ON_START',
  'SERVICES',
] as const;
