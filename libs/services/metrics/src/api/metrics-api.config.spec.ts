import { loadMetricsApiConfig } from './metrics-api.config';

describe('metrics API settings', () => {
  it('sets the analysts’ role up automatically, without a login, by default', () => {
    expect(loadMetricsApiConfig({})).toEqual({ analystRole: 'auto', analystLogin: null });
  });

  it('takes a login user with its password', () => {
    expect(loadMetricsApiConfig({ METRICS_ANALYST_USER: 'alice', METRICS_ANALYST_PASSWORD: 's3cret' })).toEqual({
      analystRole: 'auto',
      analystLogin: { user: 'alice', password: 's3cret' },
    });
  });

  it('names every bad setting at once', () => {
    expect(() => loadMetricsApiConfig({ METRICS_ANALYST_ROLE: 'sometimes', METRICS_ANALYST_USER: 'Alice; drop' })).toThrow(
      /METRICS_ANALYST_ROLE must be one of auto, off[\s\S]*METRICS_ANALYST_USER must be a lower-case SQL identifier[\s\S]*METRICS_ANALYST_USER and METRICS_ANALYST_PASSWORD go together/,
    );
    expect(() =>
      loadMetricsApiConfig({ METRICS_ANALYST_ROLE: 'off', METRICS_ANALYST_USER: 'alice', METRICS_ANALYST_PASSWORD: 'x' }),
    ).toThrow(/METRICS_ANALYST_USER needs METRICS_ANALYST_ROLE=auto/);
  });
});
