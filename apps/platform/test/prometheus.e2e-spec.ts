import { METRICS_PATH, PlatformMetrics } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { scrapePrometheus, samplesOf } from '@leadline/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';

const lead = (n: number) => ({
  source: 'demo-request',
  contact: { firstName: 'Pat', lastName: `Prospect${n}`, email: `pat${n}@prospect${n}.com`, title: 'VP Sales' },
  company: { name: `Prospect ${n} Inc`, website: `https://prospect${n}.com`, country: 'US' },
  consent: true,
});

/** The embedded platform's Prometheus endpoint, scraped and parsed as Prometheus would. */
describe('the embedded platform on PGlite exposes Prometheus metrics', () => {
  let t: TestApp;
  let metricsUrl: string;
  const scrape = () => scrapePrometheus(metricsUrl);

  beforeAll(async () => {
    t = await startTestApp(PLATFORM_SERVICES, 'pglite', 'prometheus', { listen: true });
    const port = await t.app.get(PlatformMetrics).listen(0);
    metricsUrl = `http://127.0.0.1:${port}${METRICS_PATH}`;
  });
  afterAll(() => t?.close());

  it('times HTTP requests by route template and status, refused ones included', async () => {
    const { body } = await t.http().post('/leads').send(lead(1)).expect(202);
    await t.http().get(`/leads/${body.leadId}`).expect(200);
    await t.as('ll_not-a-key').get(`/leads/${body.leadId}`).expect(401);

    const families = await scrape();
    const name = 'leadline_http_server_request_duration_seconds';
    expect(families.get(name)?.type).toBe('HISTOGRAM');
    const count = (labels: Record<string, string>) => samplesOf(families, name, labels).reduce((n, s) => n + s.value, 0);
    expect(count({ method: 'POST', route: '/leads', status: '202' })).toBe(1);
    expect(count({ method: 'GET', route: '/leads/:id', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/leads/:id', status: '401' })).toBe(1);
    // The template, never the concrete path (one series per route, not per lead).
    expect(samplesOf(families, name).some((s) => s.labels.route.includes(body.leadId as string))).toBe(false);
  });

  it('times event store appends', async () => {
    const families = await scrape();
    const appended = samplesOf(families, 'leadline_event_store_append_duration_seconds', { outcome: 'appended' });
    expect(appended.reduce((n, s) => n + s.value, 0)).toBeGreaterThan(0);
  });

  it('answers 404 beside the metrics path', async () => {
    const response = await fetch(metricsUrl.replace(METRICS_PATH, '/other'));
    expect(response.status).toBe(404);
  });
});
