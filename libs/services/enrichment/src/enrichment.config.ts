import {
  DEFAULT_SEGMENT_THRESHOLDS,
  DEFAULT_TERRITORY_RULES,
  segmentThresholdsProblem,
  territoryRulesProblems,
  type SegmentThresholds,
  type TerritoryRule,
} from '@leadline/domain';
import { EnvReader, type Environment } from '@leadline/platform';

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

function httpProvider(r: EnvReader): HttpProviderConfig | null {
  const url = r.text('ENRICHMENT_HTTP_URL');
  const auth = r.secret('ENRICHMENT_HTTP_AUTH_HEADER');
  if (url === undefined) {
    if (auth !== undefined) r.problem('ENRICHMENT_HTTP_AUTH_HEADER is set but ENRICHMENT_HTTP_URL is not');
    return null;
  }
  if (!/^https?:\/\/[^\s]+$/.test(url)) r.problem(`ENRICHMENT_HTTP_URL must be an http:// or https:// URL (got ${JSON.stringify(url)})`);
  const colon = auth?.indexOf(':') ?? -1;
  if (auth !== undefined && colon < 1) r.problem('ENRICHMENT_HTTP_AUTH_HEADER must look like "Header-Name: value"');
  return {
    url,
    authHeader: auth !== undefined && colon >= 1 ? { name: auth.slice(0, colon).trim(), value: auth.slice(colon + 1).trim() } : null,
    timeoutMs: r.atLeast('ENRICHMENT_HTTP_TIMEOUT_MS', 500, 1),
    retries: r.atLeast('ENRICHMENT_HTTP_RETRIES', 1, 0),
    backoffInitialMs: r.atLeast('ENRICHMENT_HTTP_BACKOFF_MS', 50, 1),
    breakerThreshold: r.atLeast('ENRICHMENT_HTTP_BREAKER_FAILURES', 5, 1),
    breakerHalfOpenMs: r.atLeast('ENRICHMENT_HTTP_BREAKER_RESET_MS', 30_000, 1),
  };
}

/** Reads and validates the enrichment settings; throws ConfigurationError naming every bad one. */
export function loadEnrichmentConfig(env: Environment): EnrichmentConfig {
  const r = new EnvReader(env);
  const d = DEFAULT_SEGMENT_THRESHOLDS;
  const segmentThresholds: SegmentThresholds = {
    midMarket: {
      headcount: r.atLeast('ENRICHMENT_MID_MARKET_MIN_HEADCOUNT', d.midMarket.headcount, 0),
      annualRevenue: r.atLeast('ENRICHMENT_MID_MARKET_MIN_REVENUE', d.midMarket.annualRevenue, 0),
    },
    enterprise: {
      headcount: r.atLeast('ENRICHMENT_ENTERPRISE_MIN_HEADCOUNT', d.enterprise.headcount, 0),
      annualRevenue: r.atLeast('ENRICHMENT_ENTERPRISE_MIN_REVENUE', d.enterprise.annualRevenue, 0),
    },
  };
  const thresholdProblem = segmentThresholdsProblem(segmentThresholds);
  if (thresholdProblem) r.problem(`ENRICHMENT_*_MIN_*: ${thresholdProblem}`);
  const rules = r.json('ENRICHMENT_TERRITORY_RULES');
  if (rules !== undefined) territoryRulesProblems(rules).forEach((p) => r.problem(`ENRICHMENT_TERRITORY_RULES ${p}`));
  return r.done({
    segmentThresholds,
    territoryRules: rules === undefined ? DEFAULT_TERRITORY_RULES : (rules as TerritoryRule[]),
    httpProvider: httpProvider(r),
  });
}
