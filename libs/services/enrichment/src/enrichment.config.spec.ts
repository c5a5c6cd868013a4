import { ConfigurationError } from '@leadline/platform';
import { DEFAULT_SEGMENT_THRESHOLDS, DEFAULT_TERRITORY_RULES } from '@leadline/domain';
import { loadEnrichmentConfig } from './enrichment.config';

function problemOf(env: Record<string, string>): string {
  try {
    loadEnrichmentConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadEnrichmentConfig', () => {
  it('defaults to the built-in thresholds and territory rules, without an HTTP provider', () => {
    expect(loadEnrichmentConfig({})).toEqual({
      segmentThresholds: DEFAULT_SEGMENT_THRESHOLDS,
      territoryRules: DEFAULT_TERRITORY_RULES,
      httpProvider: null,
    });
  });

  it('reads thresholds, rules and the HTTP provider', () => {
    const config = loadEnrichmentConfig({
      ENRICHMENT_MID_MARKET_MIN_HEADCOUNT: '50',
      ENRICHMENT_TERRITORY_RULES: '[{"territory":"all"}]',
      ENRICHMENT_HTTP_URL: 'http://127.0.0.1:9/enrich',
      ENRICHMENT_HTTP_AUTH_HEADER: 'Authorization: Bearer abc:def',
      ENRICHMENT_HTTP_TIMEOUT_MS: '250',
    });
    expect(config.segmentThresholds.midMarket.headcount).toBe(50);
    expect(config.territoryRules).toEqual([{ territory: 'all' }]);
    expect(config.httpProvider).toMatchObject({
      url: 'http://127.0.0.1:9/enrich',
      authHeader: { name: 'Authorization', value: 'Bearer abc:def' },
      timeoutMs: 250,
      retries: 1,
    });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ ENRICHMENT_MID_MARKET_MIN_HEADCOUNT: 'lots' }, /ENRICHMENT_MID_MARKET_MIN_HEADCOUNT must be an integer >= 0 \(got "lots"\)/],
    [{ ENRICHMENT_ENTERPRISE_MIN_HEADCOUNT: '10' }, /enterprise headcount threshold must be above the mid-market one/],
    [{ ENRICHMENT_TERRITORY_RULES: '{bad' }, /ENRICHMENT_TERRITORY_RULES must be valid JSON/],
    [{ ENRICHMENT_TERRITORY_RULES: '[{"territory":"x","countries":["usa"]}]' }, /ENRICHMENT_TERRITORY_RULES rule 0: countries must be ISO/],
    [{ ENRICHMENT_HTTP_URL: 'ftp://x' }, /ENRICHMENT_HTTP_URL must be an http/],
    [{ ENRICHMENT_HTTP_URL: 'http://x', ENRICHMENT_HTTP_AUTH_HEADER: 'token' }, /Header-Name: value/],
    [{ ENRICHMENT_HTTP_URL: 'http://x', ENRICHMENT_HTTP_TIMEOUT_MS: '0' }, /ENRICHMENT_HTTP_TIMEOUT_MS must be an integer >= 1/],
    [{ ENRICHMENT_HTTP_AUTH_HEADER: 'A: b' }, /ENRICHMENT_HTTP_URL is not/],
  ])('rejects %j with a clear message', (env, message) => {
    expect(problemOf(env)).toMatch(message);
  });
});
