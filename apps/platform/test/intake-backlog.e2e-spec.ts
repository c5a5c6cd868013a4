import { EventLogServer, IntakeBacklog } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { enrichmentService } from '@leadline/service-enrichment';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { scoringService } from '@leadline/service-scoring';
import { DRIVERS, waitFor, type Driver } from '@leadline/testing';
import { captureLoadLead, capturedCount, expectEveryScored } from './intake-load';

const LIST = ['First Name,Last Name,Email,Company,Country', 'Lis,Ted,lis.ted@listed.com,Listed Inc,US'].join('\n');

describe.each<Driver>(DRIVERS)('intake behind the line on %s (INTAKE_MAX_BACKLOG_SECONDS=1, embedded)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp([leadIntakeService, enrichmentService, scoringService], driver, 'intake-backlog', {
      listen: true,
      env: { INTAKE_MAX_BACKLOG_SECONDS: '1', INTAKE_RATE_LIMIT: '0' },
    });
  });
  afterAll(() => t?.close());

  const capture = (n: number) => captureLoadLead(t, 'Back', n);

  it('answers 503 with Retry-After while a reaction of the line is behind, 202 again once it caught up; every accepted lead is scored', async () => {
    const backlog = t.app.get(IntakeBacklog);
    const enrichment = t.app
      .get(EventLogServer)
      .storeProcessors()
      .find((processor) => processor.id === 'subscription:enrichment.lead-captured');
    if (!enrichment) throw new Error('no enrichment subscription among the store processors');

    // Enrichment stops: the lead captured now waits for it, and the backlog ages past the bound.
    await enrichment.stop();
    const first = await capture(0);
    expect(first.status).toBe(202);
    const accepted = [((await first.json()) as { leadId: string }).leadId];
    await waitFor(
      async () => {
        await backlog.sample();
        return (backlog.status().backlogSeconds ?? 0) > 1;
      },
      { message: 'the backlog older than its bound' },
    );

    const refused = await Promise.all([1, 2, 3].map(capture));
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30).toBe(true);
      const body = (await answer.json()) as { statusCode: number; error: string; message: string };
      expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(JSON.stringify(body)).not.toContain('back1@');
    }
    const list = await t
      .http()
      .post('/lists')
      .field('vendorId', 'vendor-b')
      .field('listId', 'list-b')
      .attach('file', Buffer.from(LIST), { filename: 'list.csv', contentType: 'text/csv' });
    expect(list.status).toBe(503);
    expect(list.headers['retry-after']).toMatch(/^\d+$/);
    expect(await capturedCount(t)).toBe(1);
    expect((await t.http().get('/status').expect(200)).body.intake).toMatchObject({ maxBacklogSeconds: 1, refused: 4 });

    // Enrichment resumes and drains the backlog: intake admits again.
    await enrichment.start();
    let n = 100;
    await waitFor(
      async () => {
        const answer = await capture(n++);
        if (answer.status === 202) accepted.push(((await answer.json()) as { leadId: string }).leadId);
        else expect(answer.status).toBe(503);
        return answer.status === 202;
      },
      { message: 'a capture admitted after the drain', timeoutMs: 60_000, intervalMs: 250 },
    );

    await expectEveryScored(t, accepted);
    expect(await capturedCount(t)).toBe(accepted.length);
  });
});
