import {
  DEFAULT_SEGMENT_THRESHOLDS,
  DEFAULT_TERRITORY_RULES,
  segmentThresholdsProblem,
  territoryRulesProblems,
  type SegmentThresholds,
  type TerritoryRule,
} from '@leadline/domain';
import { ConfigurationError } from '@leadline/platform';

export interface HttpProviderConfig {
  readonly url: string;
  /** `Name: value`, e.g. `Authorization: Bearer s3cret`. */
  readonly authHeader: { readonly name: string; readonly value: string } | null;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffInitialMs: number;
  readonly breakerThreshold: number;
  readonly breakerHalfOpenMs: number;
}

export interface EnrichmentConfig {
  readonly segmentThresholds: SegmentThresholds;
  readonly territoryRules: readonly TerritoryRule[];
  readonly httpProvider: HttpProviderConfig | null;
}

export const ENRICHMENT_CONFIG = Symbol('ENRICHMENT_CONFIG');

type Env = Readonly<Record<string, string | undefined>>;

const set = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

function integer(env: Env, name: string, fallback: number, min: number, problems: string[]): number {
  const raw = set(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    problems.push(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
    return fallback;
  }
  return Number(raw);
}

function jsonOf(env: Env, name: string, problems: string[]): unknown {
  const raw = set(env, name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    problems.push(`${name} must be valid JSON (got ${JSON.stringify(raw)})`);
    return undefined;
  }
}

function httpProvider(env: Env, problems: string[]): HttpProviderConfig | null {
  const url = set(env, 'ENRICHMENT_HTTP_URL');
  const auth = set(env, 'ENRICHMENT_HTTP_AUTH_HEADER');
  if (url === undefined) {
    if (auth !== undefined) problems.push('ENRICHMENT_HTTP_AUTH_HEADER is set but ENRICHMENT_HTTP_URL is not');
    return null;
  }
  if (!/^https?:\/\/[^\s]+$/.test(url))
    problems.push(`ENRICHMENT_HTTP_URL must be an http:// or https:// URL (got ${JSON.stringify(url)})`);
  const colon = auth?.indexOf(':') ?? -1;
  if (auth !== undefined && colon < 1) problems.push('ENRICHMENT_HTTP_AUTH_HEADER must look like "Header-Name: value"');
  return {
    url,
    authHeader: auth !== undefined && colon >= 1 ? { name: auth.slice(0, colon).trim(), value: auth.slice(colon + 1).trim() } : null,
    timeoutMs: integer(env, 'ENRICHMENT_HTTP_TIMEOUT_MS', 500, 1, problems),
    retries: integer(env, 'ENRICHMENT_HTTP_RETRIES', 1, 0, problems),
    backoffInitialMs: integer(env, 'ENRICHMENT_HTTP_BACKOFF_MS', 50, 1, problems),
    breakerThreshold: integer(env, 'ENRICHMENT_HTTP_BREAKER_FAILURES', 5, 1, problems),
    breakerHalfOpenMs: integer(env, 'ENRICHMENT_HTTP_BREAKER_RESET_MS', 30_000, 1, problems),
  };
}

/** Reads and validates the enrichment settings; throws ConfigurationError naming every bad one. */
export function loadEnrichmentConfig(env: Env): EnrichmentConfig {
  const problems: string[] = [];
  const d = DEFAULT_SEGMENT_THRESHOLDS;
  const segmentThresholds: SegmentThresholds = {
    midMarket: {
      headcount: integer(env, 'ENRICHMENT_MID_MARKET_MIN_HEADCOUNT', d.midMarket.headcount, 0, problems),
      annualRevenue: integer(env, 'ENRICHMENT_MID_MARKET_MIN_REVENUE', d.midMarket.annualRevenue, 0, problems),
    },
    enterprise: {
      headcount: integer(env, 'ENRICHMENT_ENTERPRISE_MIN_HEADCOUNT', d.enterprise.headcount, 0, problems),
      annualRevenue: integer(env, 'ENRICHMENT_ENTERPRISE_MIN_REVENUE', d.enterprise.annualRevenue, 0, problems),
    },
  };
  const thresholdProblem = segmentThresholdsProblem(segmentThresholds);
  if (thresholdProblem) problems.push(`ENRICHMENT_*_MIN_*: ${thresholdProblem}`);
  const rules = jsonOf(env, 'ENRICHMENT_TERRITORY_RULES', problems);
  if (rules !== undefined) problems.push(...territoryRulesProblems(rules).map((p) => `ENRICHMENT_TERRITORY_RULES ${p}`));
  const config: EnrichmentConfig = {
    segmentThresholds,
    territoryRules: rules === undefined ? DEFAULT_TERRITORY_RULES : (rules as TerritoryRule[]),
    httpProvider: httpProvider(env, problems),
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}
