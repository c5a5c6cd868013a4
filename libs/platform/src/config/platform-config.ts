import type { AuthConfig } from '../auth/auth.config';
import type { LogFormat, LogLevelName } from './environment.variables';
import type { HttpEdgeConfig } from './http-settings';
import type { KafkaSecurity } from './kafka-security';
import type { KafkaTopicsConfig } from './kafka-topic-settings';

export interface KafkaConfig extends KafkaSecurity {
  readonly brokers: readonly string[];
  readonly topicPrefix: string;
  readonly clientId: string;
  /** Consumer group session timeout: how long a member that died without leaving holds its partitions. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /**
   * How long a fetch waits on the broker when no records come (records are answered as they arrive): what an idle
   * consumer group member costs (a fetch per wait). A stopping member does not wait for its fetch in flight.
   */
  readonly fetchMaxWaitMs: number;
  /** Partitions, replication, min in-sync replicas and retention per topic (KAFKA_TOPIC_*), and what a mismatch does. */
  readonly topics: KafkaTopicsConfig;
}

/** The validated settings one process runs with. */
export interface PlatformConfig {
  readonly port: number;
  /** PROMETHEUS_PORT: where `/metrics` is served (default 9464, the OpenTelemetry Prometheus exporter's); 0 picks a free port. */
  readonly prometheusPort?: number;
  /** PGlite folder; used only when `databaseUrl` is absent. */
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /**
   * DATABASE_POOL_SIZE: the PostgreSQL connections the process's pool may hold for queries and transactions
   * (default 10; sessions and LISTEN have their own). One pool serves every service a process hosts (SERVICES).
   */
  readonly databasePoolSize: number;
  /** Present when KAFKA_BROKERS is set: services talk through Kafka, not the store's log. */
  readonly kafka?: KafkaConfig;
  readonly logLevel: LogLevelName;
  /** LOG_FORMAT; unset: `pretty` when stdout is a terminal, else `json`. */
  readonly logFormat?: LogFormat;
  /** On SIGTERM/SIGINT: the time the drain may take before the process gives up and exits 1. */
  readonly shutdownGraceMs: number;
  /**
   * On SIGTERM/SIGINT: how long the process keeps serving while `/ready` answers 503, before it refuses requests
   * and drains (SHUTDOWN_DELAY_MS), so that a load balancer polling readiness stops sending first. Part of the grace.
   */
  readonly shutdownDelayMs: number;
  /**
   * MIGRATE_ON_START: apply pending migrations at start (default; the embedded runner and tests), or
   * (false) only check the schema version and refuse to start while migrations are pending.
   */
  readonly migrateOnStart?: boolean;
  /** SERVICES, when set; the runner keeps only these. */
  readonly services?: readonly string[];
  /** Rate limits, CORS, proxies and upload limits of the HTTP edge. */
  readonly http: HttpEdgeConfig;
  /**
   * The master key that wraps the per-person data keys (base64 or hex), from LEADLINE_MASTER_KEY or
   * the file LEADLINE_MASTER_KEY_FILE names. Unset: `<dataDir>/master.key`, generated (0600) on the first start.
   */
  readonly masterKey?: string;
  /** Who may call what: API keys, OIDC tokens (AUTH_*, OIDC_*). */
  readonly auth: AuthConfig;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}
