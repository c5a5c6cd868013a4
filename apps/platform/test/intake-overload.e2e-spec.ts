import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { AdmissionGate } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { enrichmentService } from '@leadline/service-enrichment';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { scoringService } from '@leadline/service-scoring';
import { DRIVERS, waitFor, type Driver } from '@leadline/testing';
import { captureLoadLead, capturedCount, expectEveryScored, loadLead } from './intake-load';

describe.each<Driver>(DRIVERS)('intake past capacity on %s (HTTP_MAX_IN_FLIGHT=1, nothing queued)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp([leadIntakeService, enrichmentService, scoringService], driver, 'intake-overload', {
      listen: true,
      env: { HTTP_MAX_IN_FLIGHT: '1', HTTP_MAX_QUEUED: '0', HTTP_RETRY_AFTER_S: '2', INTAKE_RATE_LIMIT: '0' },
    });
  });
  afterAll(() => t?.close());

  const capture = (n: number) => captureLoadLead(t, 'Over', n);

  /** A capture whose body is only half sent: it holds the one slot until `finish()`. */
  function heldCapture(n: number): { finish(): Promise<{ status: number; body: string }> } {
    const body = Buffer.from(JSON.stringify(loadLead('Over', n)));
    let release = (): unknown => undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req: ClientRequest = httpRequest(
        `${t.url}/leads`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json', 'content-length': body.length },
        },
        (res: IncomingMessage) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 10));
      release = () => req.end(body.subarray(10));
    });
    return {
      finish: () => {
        release();
        return answer;
      },
    };
  }

  it('answers 503 with Retry-After while the slot is taken, then admits again; every accepted lead is processed, no refused one is captured', async () => {
    const gate = t.app.get(AdmissionGate);
    const held = heldCapture(0);
    await waitFor(() => gate.requestsInFlight === 1, { message: 'the held capture admitted' });

    const refused = await Promise.all([1, 2, 3, 4, 5].map(capture));
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(await answer.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    }
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect(await capturedCount(t)).toBe(0);

    const first = await held.finish();
    expect(first.status).toBe(202);
    const accepted = [JSON.parse(first.body).leadId as string];

    // A burst past the one slot: each answer is a 202 or a 503, never a dropped connection.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => capture(100 + i)));
    for (const answer of burst) {
      expect([202, 503]).toContain(answer.status);
      if (answer.status === 202) accepted.push(((await answer.json()) as { leadId: string }).leadId);
      else expect(answer.headers.get('retry-after')).toBe('2');
    }

    await expectEveryScored(t, accepted);
    expect(await capturedCount(t)).toBe(accepted.length);
  });
});
