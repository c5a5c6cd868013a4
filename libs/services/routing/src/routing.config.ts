import { EnvReader, type Environment } from '@leadline/platform';
import { DEFAULT_FIRST_TOUCH_SLA, LEAD_SOURCES, type EscalationPolicy, type FirstTouchSlaPolicy } from '@leadline/domain';

const SEGMENTS = ['smb', 'mid-market', 'enterprise', 'unknown'];
const SOURCES: readonly string[] = LEAD_SOURCES;

/** A key of ROUTING_SLA_OVERRIDES: `source/segment`, `source` or `segment`. */
function isSlaKey(key: string): boolean {
  const [first, second, ...rest] = key.split('/');
  if (rest.length > 0) return false;
  if (second !== undefined) return SOURCES.includes(first) && SEGMENTS.includes(second);
  return SOURCES.includes(first) || SEGMENTS.includes(first);
}

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly from: string;
  readonly user?: string;
  readonly password?: string;
}

export interface WebhookConfig {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
}

/** Routing settings, validated at start (README.md lists them). */
export interface RoutingConfig {
  /** Absent: no assignment emails are sent (and none are recorded as sent). */
  readonly smtp?: SmtpConfig;
  /** Absent: no webhook is called. */
  readonly webhook?: WebhookConfig;
  readonly sla: FirstTouchSlaPolicy;
  readonly escalation: EscalationPolicy;
  readonly timerPollMs: number;
  /** How often leads nobody was eligible for are offered again. */
  readonly unroutedRetryMs: number;
  /** Released vendor leads assigned per transaction (ReleasedHoldsDrain). */
  readonly releaseChunk: number;
}

/** ROUTING_SLA_OVERRIDES: a JSON object of minutes by "source/segment", "source" or "segment". */
function minutesTable(r: EnvReader, name: string): Record<string, number> {
  const raw = r.text(name);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.some(([, v]) => typeof v !== 'number' || !(v > 0))) throw new Error('values must be positive numbers');
    const unknown = entries.map(([k]) => k).filter((k) => !isSlaKey(k));
    if (unknown.length > 0) throw new Error(`unknown source or segment in ${unknown.join(', ')}`);
    return Object.fromEntries(entries) as Record<string, number>;
  } catch (error) {
    r.problem(`${name} must be a JSON object of minutes by "source/segment", "source" or "segment" (${(error as Error).message})`);
    return {};
  }
}

export function loadRoutingConfig(env: Environment): RoutingConfig {
  const r = new EnvReader(env);
  const smtpHost = r.text('SMTP_HOST');
  const smtpFrom = r.text('SMTP_FROM');
  if (smtpHost && !smtpFrom) r.problem('SMTP_FROM is required when SMTP_HOST is set');
  const smtp: SmtpConfig | undefined = smtpHost
    ? {
        host: smtpHost,
        port: r.int('SMTP_PORT', 587, 1, 65535),
        secure: r.oneOf('SMTP_SECURE', ['true', 'false'], 'false') === 'true',
        from: smtpFrom ?? '',
        user: r.text('SMTP_USER'),
        password: r.secret('SMTP_PASSWORD'),
      }
    : undefined;

  const webhookUrl = r.text('ROUTING_WEBHOOK_URL');
  const secret = r.secret('ROUTING_WEBHOOK_SECRET');
  if (webhookUrl && !/^https?:\/\/\S+$/.test(webhookUrl))
    r.problem(`ROUTING_WEBHOOK_URL must be an http(s) URL (got ${JSON.stringify(webhookUrl)})`);
  if (webhookUrl && (!secret || secret.length < 16))
    r.problem('ROUTING_WEBHOOK_SECRET of at least 16 characters is required when ROUTING_WEBHOOK_URL is set');
  const webhook: WebhookConfig | undefined = webhookUrl
    ? {
        url: webhookUrl,
        secret: secret ?? '',
        timeoutMs: r.int('ROUTING_WEBHOOK_TIMEOUT_MS', 5_000, 100, 120_000),
        maxAttempts: r.int('ROUTING_WEBHOOK_MAX_ATTEMPTS', 5, 1, 20),
        initialBackoffMs: r.int('ROUTING_WEBHOOK_INITIAL_BACKOFF_MS', 200, 1, 60_000),
      }
    : undefined;

  const config: RoutingConfig = {
    smtp,
    webhook,
    sla: {
      defaultMinutes: r.int('ROUTING_SLA_MINUTES', DEFAULT_FIRST_TOUCH_SLA.defaultMinutes, 1, 24 * 60),
      overrides: minutesTable(r, 'ROUTING_SLA_OVERRIDES'),
    },
    escalation: {
      onBreach: r.oneOf('ROUTING_ESCALATION', ['reassign', 'notify-manager'], 'reassign'),
      maxReassignments: r.int('ROUTING_MAX_REASSIGNMENTS', 2, 0, 20),
    },
    timerPollMs: r.int('ROUTING_TIMER_POLL_MS', 1_000, 10, 60_000),
    unroutedRetryMs: r.int('ROUTING_UNROUTED_RETRY_MS', 60_000, 10, 3_600_000),
    releaseChunk: r.int('ROUTING_RELEASE_CHUNK', 200, 1, 1_000),
  };
  return r.done(config);
}
