import { isIP } from 'node:net';
import { EnvReader } from './env-reader';

/** What the HTTP edge holds every client to (README, "Abuse resistance"). */
export interface HttpEdgeConfig {
  /** Requests per window per client (API key or address) on the intake routes; undefined when INTAKE_RATE_LIMIT=0. */
  readonly intakeRateLimit?: { readonly limit: number; readonly windowSeconds: number };
  /** Origins whose browser pages may call the API (CORS); none by default. */
  readonly corsOrigins: readonly string[];
  /** Express `trust proxy`: which hops' X-Forwarded-For names the client; false (the socket's peer) by default. */
  readonly trustProxy: false | number | readonly string[];
  /** Streamed CSV uploads (POST /lists, POST /metrics/spend/import): bytes of the file and data rows. */
  readonly uploadMaxBytes: number;
  readonly uploadMaxRows: number;
  /** Admission control (AdmissionGate); undefined when HTTP_MAX_IN_FLIGHT=0. */
  readonly admission?: AdmissionSettings;
  /**
   * The intake routes answer 503 while the oldest event this process's reactions have yet to handle is
   * older than this (IntakeBacklog), in seconds; undefined when INTAKE_MAX_BACKLOG_SECONDS=0.
   */
  readonly intakeMaxBacklogSeconds?: number;
  /**
   * HTTP_ACCEPTS_PER_TURN: new connections the process may accept per event-loop turn (acceptOnCopies): libuv accepts
   * one per listening handle per turn, so a busy process gets this many handles on its one socket; 1: one, as Node does.
   * Undefined when unset: then it follows the process's services (acceptsPerTurnFor: 64 with a public intake, else 1).
   */
  readonly acceptsPerTurn?: number;
  /**
   * HTTP_KEEP_ALIVE_TIMEOUT_MS: how long the server keeps a keep-alive connection with no request before closing it
   * (Node's `keepAliveTimeout`, announced in every answer as `Keep-Alive: timeout=<s>`).
   */
  readonly keepAliveTimeoutMs: number;
}

/** How many requests a process handles at once, how many may wait for a slot and how long; the rest get 503. */
export interface AdmissionSettings {
  readonly maxInFlight: number;
  readonly maxQueued: number;
  readonly maxQueueWaitMs: number;
  /** The Retry-After a refused client is given, in seconds. */
  readonly retryAfterSeconds: number;
}

export const HTTP_EDGE_DEFAULTS = Object.freeze({
  intakeRateLimit: 300,
  intakeRateWindowSeconds: 60,
  uploadMaxBytes: 32 * 1024 * 1024,
  uploadMaxRows: 100_000,
  maxInFlight: 64,
  maxQueued: 256,
  // 750 until 2026-12-06: 500 answered the overload sooner with as many accepted (docs/benchmarks.md, "The queue wait's default").
  maxQueueWaitMs: 500,
  retryAfterSeconds: 1,
  intakeMaxBacklogSeconds: 30,
  /** A process that serves a public intake (ServiceDescriptor.publicIntake); the others accept one per turn. */
  acceptsPerTurn: 64,
  // Not Node's 5 s: longer than the 60 s a proxy in front keeps an idle upstream connection by default
  // (ingress-nginx's upstream-keepalive-timeout, an AWS load balancer's idle timeout), so the proxy lets it go first
  // and never sends on a connection Leadline is closing (a reset, or a 502 for a POST it cannot resend).
  keepAliveTimeoutMs: 65_000,
});

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** The edge's settings; problems go to `reader` (loadConfig reports them with every other bad setting). */
export function readHttpEdgeConfig(reader: EnvReader): HttpEdgeConfig {
  const limit = reader.int('INTAKE_RATE_LIMIT', HTTP_EDGE_DEFAULTS.intakeRateLimit, 0, 1_000_000);
  const windowSeconds = reader.int('INTAKE_RATE_WINDOW_SECONDS', HTTP_EDGE_DEFAULTS.intakeRateWindowSeconds, 1, 86_400);
  return {
    intakeRateLimit: limit === 0 ? undefined : { limit, windowSeconds },
    corsOrigins: corsOrigins(reader),
    trustProxy: trustProxy(reader),
    uploadMaxBytes: reader.int('UPLOAD_MAX_BYTES', HTTP_EDGE_DEFAULTS.uploadMaxBytes, 1024, 1024 * 1024 * 1024),
    uploadMaxRows: reader.int('UPLOAD_MAX_ROWS', HTTP_EDGE_DEFAULTS.uploadMaxRows, 1, 10_000_000),
    admission: admission(reader),
    intakeMaxBacklogSeconds: reader.int('INTAKE_MAX_BACKLOG_SECONDS', HTTP_EDGE_DEFAULTS.intakeMaxBacklogSeconds, 0, 3_600) || undefined,
    acceptsPerTurn: reader.text('HTTP_ACCEPTS_PER_TURN') === undefined ? undefined : reader.int('HTTP_ACCEPTS_PER_TURN', 1, 1, 1_024),
    keepAliveTimeoutMs: reader.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', HTTP_EDGE_DEFAULTS.keepAliveTimeoutMs, 1_000, 900_000),
  };
}

function admission(reader: EnvReader): AdmissionSettings | undefined {
  const maxInFlight = reader.int('HTTP_MAX_IN_FLIGHT', HTTP_EDGE_DEFAULTS.maxInFlight, 0, 100_000);
  const settings = {
    maxInFlight,
    maxQueued: reader.int('HTTP_MAX_QUEUED', HTTP_EDGE_DEFAULTS.maxQueued, 0, 1_000_000),
    maxQueueWaitMs: reader.int('HTTP_MAX_QUEUE_WAIT_MS', HTTP_EDGE_DEFAULTS.maxQueueWaitMs, 1, 60_000),
    retryAfterSeconds: reader.int('HTTP_RETRY_AFTER_S', HTTP_EDGE_DEFAULTS.retryAfterSeconds, 1, 3_600),
  };
  return maxInFlight === 0 ? undefined : settings;
}

function corsOrigins(reader: EnvReader): string[] {
  const origins = reader.list('CORS_ORIGINS', []);
  for (const origin of origins) {
    if (!isOrigin(origin))
      reader.problem(
        `CORS_ORIGINS must be a comma-separated list of origins such as https://www.example.com (got ${JSON.stringify(origin)})`,
      );
  }
  return origins;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function trustProxy(reader: EnvReader): false | number | string[] {
  const raw = reader.text('TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= 10) return hops === 0 ? false : hops;
  } else {
    const entries = reader.list('TRUST_PROXY', []);
    if (entries.every(isProxyEntry)) return entries;
  }
  reader.problem(
    'TRUST_PROXY must be a number of proxy hops (0 to 10) or a comma-separated list of proxy addresses, CIDR ranges, ' +
      `loopback, linklocal or uniquelocal; "true" (trust any X-Forwarded-For) is refused (got ${JSON.stringify(raw)})`,
  );
  return false;
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}
