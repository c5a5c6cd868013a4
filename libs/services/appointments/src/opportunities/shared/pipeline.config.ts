import { EnvReader, type Environment } from '@leadline/platform';
import { DEFAULT_VENDOR_ALPHA, type VendorTestChoice } from '@leadline/domain';

/** Settings of opportunities, nurture and vendor testing, validated at start (PIPELINE.md lists them). */
export interface PipelineConfig {
  /** Days a recycled lead waits before outbound SDRs may work it again. */
  readonly recycleCoolOffDays: number;
  /** Real milliseconds between polls of the nurture year timers. */
  readonly timerPollMs: number;
  readonly vendorSampleSize: number;
  readonly vendorAlpha: number;
  readonly vendorTest: VendorTestChoice;
  /** Conversions and leads from before the platform, added to the approved vendors' history. */
  readonly vendorBaseline: { readonly conversions: number; readonly size: number };
}

const TESTS: readonly VendorTestChoice[] = ['auto', 'fisher', 'z-test'];

export function loadPipelineConfig(env: Environment): PipelineConfig {
  const r = new EnvReader(env);

  const alphaRaw = r.text('VENDOR_ALPHA');
  const alpha = alphaRaw === undefined ? DEFAULT_VENDOR_ALPHA : Number(alphaRaw);
  if (!(alpha > 0 && alpha < 1)) r.problem(`VENDOR_ALPHA must be a number between 0 and 1 (got ${JSON.stringify(alphaRaw)})`);

  const test = r.oneOf('VENDOR_TEST', TESTS, 'auto');

  const baselineRaw = r.text('VENDOR_BASELINE');
  const match = baselineRaw === undefined ? ['', '0', '0'] : /^(\d+)\/(\d+)$/.exec(baselineRaw);
  const baseline = match ? { conversions: Number(match[1]), size: Number(match[2]) } : { conversions: 0, size: 0 };
  if (!match || baseline.conversions > baseline.size) {
    r.problem(
      `VENDOR_BASELINE must be "conversions/leads" with conversions <= leads, e.g. "120/1000" (got ${JSON.stringify(baselineRaw)})`,
    );
  }

  const config: PipelineConfig = {
    recycleCoolOffDays: r.int('RECYCLE_COOL_OFF_DAYS', 90, 0, 3650),
    timerPollMs: r.int('PIPELINE_TIMER_POLL_MS', 1_000, 10, 60_000),
    vendorSampleSize: r.int('VENDOR_SAMPLE_SIZE', 100, 1, 1_000_000),
    vendorAlpha: alpha,
    vendorTest: test,
    vendorBaseline: baseline,
  };
  return r.done(config);
}
