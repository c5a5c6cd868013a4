import { ConfigurationError } from '@leadline/platform';
import { loadPipelineConfig } from './pipeline.config';

describe('pipeline configuration', () => {
  it('defaults: sample 100, alpha 0.05, auto test, no baseline, 90 days cool-off', () => {
    expect(loadPipelineConfig({})).toEqual({
      recycleCoolOffDays: 90,
      timerPollMs: 1_000,
      vendorSampleSize: 100,
      vendorAlpha: 0.05,
      vendorTest: 'auto',
      vendorBaseline: { conversions: 0, size: 0 },
    });
  });

  it('reads every setting', () => {
    const env = {
      RECYCLE_COOL_OFF_DAYS: '30',
      VENDOR_SAMPLE_SIZE: '50',
      VENDOR_ALPHA: '0.01',
      VENDOR_TEST: 'fisher',
      VENDOR_BASELINE: '120/1000',
    };
    expect(loadPipelineConfig(env)).toMatchObject({
      recycleCoolOffDays: 30,
      vendorSampleSize: 50,
      vendorAlpha: 0.01,
      vendorTest: 'fisher',
      vendorBaseline: { conversions: 120, size: 1000 },
    });
  });

  it('refuses to start on invalid settings and names each one', () => {
    const env = { VENDOR_SAMPLE_SIZE: '0', VENDOR_ALPHA: '1.5', VENDOR_TEST: 'chi2', VENDOR_BASELINE: '10/5', RECYCLE_COOL_OFF_DAYS: '-1' };
    expect(() => loadPipelineConfig(env)).toThrow(ConfigurationError);
    try {
      loadPipelineConfig(env);
    } catch (error) {
      for (const name of Object.keys(env)) expect((error as Error).message).toContain(name);
    }
  });
});
