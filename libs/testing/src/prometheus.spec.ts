import { parsePrometheusText, samplesOf } from './prometheus';

const EXPOSITION = `# HELP req_seconds Request duration
# TYPE req_seconds histogram
req_seconds_count{route="/a",status="200"} 2
req_seconds_sum{route="/a",status="200"} 0.5
req_seconds_bucket{route="/a",status="200",le="1"} 2
req_seconds_bucket{route="/a",status="200",le="+Inf"} 2
req_seconds_count{route="/b",status="401"} 1
req_seconds_sum{route="/b",status="401"} 0.25
req_seconds_bucket{route="/b",status="401",le="1"} 1
req_seconds_bucket{route="/b",status="401",le="+Inf"} 1
# HELP lag_events Events behind
# TYPE lag_events gauge
lag_events{processor="x"} 3
lag_events{processor="y"} 0
`;

describe('parsePrometheusText', () => {
  it('keeps every labelled series of a histogram apart, with its count and sum', () => {
    const families = parsePrometheusText(EXPOSITION);
    expect(families.get('req_seconds')?.type).toBe('HISTOGRAM');
    expect(samplesOf(families, 'req_seconds', { route: '/a' })).toEqual([{ labels: { route: '/a', status: '200' }, value: 2, sum: 0.5 }]);
    expect(samplesOf(families, 'req_seconds', { route: '/b' })).toEqual([{ labels: { route: '/b', status: '401' }, value: 1, sum: 0.25 }]);
  });

  it('reads gauges by label', () => {
    const families = parsePrometheusText(EXPOSITION);
    expect(samplesOf(families, 'lag_events').map((s) => [s.labels.processor, s.value])).toEqual([
      ['x', 3],
      ['y', 0],
    ]);
  });

  it('refuses text that is not the exposition format', () => {
    expect(() => parsePrometheusText('lag_events{processor="x" 3\n')).toThrow();
  });
});

describe('parsePrometheusText on what the OpenTelemetry exporter writes', () => {
  it('reads an unlabelled histogram whose count and sum come before its buckets', () => {
    const families = parsePrometheusText(
      '# HELP wait_seconds Wait\n# TYPE wait_seconds histogram\nwait_seconds_count 3\nwait_seconds_sum 4.5\n' +
        'wait_seconds_bucket{le="1"} 1\nwait_seconds_bucket{le="+Inf"} 3\n',
    );
    expect(samplesOf(families, 'wait_seconds')).toEqual([{ labels: {}, value: 3, sum: 4.5 }]);
  });
});
