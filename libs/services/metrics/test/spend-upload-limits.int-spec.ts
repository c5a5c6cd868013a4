import { VirtualClock } from '@leadline/scheduling';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

const HEADER = 'Period,Channel,Source,Vendor ID,Campaign,Amount,Currency';
const rows = (count: number) => Array.from({ length: count }, (_, i) => `2026-01,events,,,campaign-${i},${100 + i},EUR`);

type Line = { type: string; row?: number; status?: number; message?: string };

describe('spend CSV import limits (UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('pg', 'metrics-spend-limits', {
      clock: new VirtualClock(new Date('2026-02-01T00:00:00Z')),
      env: { UPLOAD_MAX_BYTES: '2048', UPLOAD_MAX_ROWS: '2' },
    });
  });
  afterAll(() => t?.close());

  const post = (body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) =>
    fetch(`${t.url}/metrics/spend/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'text/csv' },
      body,
      ...extra,
    } as RequestInit);

  it('answers 413 with a problem body to a text/csv body declared over UPLOAD_MAX_BYTES, and to one streamed over it', async () => {
    const before = await t.countEvents();
    const big = [HEADER, ...rows(100)].join('\n');
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: ['the upload is over the limit of 2048 bytes (UPLOAD_MAX_BYTES); split it into smaller files'],
    });

    // No Content-Length: the header row alone is over the limit, so no row is answered before the limit.
    const header = `${HEADER},${'x'.repeat(4096)}\n`;
    const streamed = await post(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(Buffer.from(header));
          controller.close();
        },
      }),
      { duplex: 'half' } as RequestInit,
    );
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ statusCode: 413, message: [expect.stringMatching(/UPLOAD_MAX_BYTES/)] });
    expect(await t.countEvents()).toBe(before);
  });

  it('records up to UPLOAD_MAX_ROWS rows, then ends with a 413 error line', async () => {
    const response = await post([HEADER, ...rows(4)].join('\n'));
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    expect(lines.map((line) => [line.type, line.row ?? line.status])).toEqual([
      ['row', 1],
      ['row', 2],
      ['error', 413],
    ]);
    expect(lines[2].message).toMatch(/more than 2 data rows \(UPLOAD_MAX_ROWS\)/);
    expect(await t.countEvents('spend')).toBe(2);
  });
});
