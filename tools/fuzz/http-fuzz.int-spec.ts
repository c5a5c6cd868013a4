import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target';
import { fuzzHttp, fuzzRoutes } from './http-fuzz';

/** `npm run fuzz` runs 10,000; CI runs this many (about 30 s alone on 2 cores), a new seed each run (printed on failure). */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);

describe('every POST and PATCH route and the CSV imports, fuzzed (fast-check)', () => {
  let database: TestDatabase;
  let target: FuzzTarget;
  beforeAll(async () => {
    database = await createTestDatabase('http-fuzz');
    target = await startFuzzTarget({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await target?.close();
    await database?.drop();
  });

  it('finds the routes in the OpenAPI document the app serves, the CSV imports among them', () => {
    const routes = fuzzRoutes(target.document).map((route) => `${route.method} ${route.template}`);
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes).toEqual(
      expect.arrayContaining(['POST /leads', 'POST /lists', 'POST /metrics/spend/import', 'PATCH /sdrs/{id}', 'PATCH /aes/{id}']),
    );
  });

  it('answers no generated request with a server error, and a refused request appends no event', async () => {
    const tally = await fuzzHttp(target, { requests: REQUESTS });
    expect(tally.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect([...tally.statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(tally.eventsFromRefused).toBe(0);
    // The attack classes of issue 11 were all sent.
    expect([...tally.attacks.keys()]).toEqual(
      expect.arrayContaining(['deep', 'nul', 'lone-surrogate', 'prototype-key', 'missing-nested', 'huge-string', 'csv']),
    );
  }, 600_000);

  it('answers the four classes that gave 500s before, and a 100 KB phone field, with 400 and no event', async () => {
    const before = await target.countEvents();
    const post = (path: string, body: string) =>
      fetch(`${target.url}${path}`, { method: 'POST', headers: { ...target.auth, 'content-type': 'application/json' }, body }).then(
        (r) => r.status,
      );
    const lead = (contact: string) => `{"source":"demo-request","contact":${contact}}`;
    expect(await post('/leads', lead(`{"email":"a@b.co","title":${'['.repeat(50_000)}${']'.repeat(50_000)}}`))).toBe(400);
    expect(await post('/leads', lead('{"email":"a@b.co","lastName":"nul\\u0000"}'))).toBe(400);
    expect(await post('/leads', lead('{"email":"a@b.co","lastName":"half\\ud83d"}'))).toBe(400);
    expect((await fetch(`${target.url}/leads/%00`, { headers: target.auth })).status).toBe(400);
    expect(await post('/leads', `{"source":"demo-request","contact":{"email":"a@b.co"},"attributes":{"constructor":{"x":1}}}`)).toBe(400);
    expect(
      await post(
        '/sdrs',
        JSON.stringify({
          name: 'No Hours',
          email: 'n@b.co',
          managerEmail: 'm@b.co',
          team: 'inbound',
          territories: ['*'],
          segments: ['*'],
          timeZone: 'UTC',
        }),
      ),
    ).toBe(400);
    expect(await post('/leads', lead(`{"email":"a@b.co","phone":"${'1'.repeat(99_990)}a"}`))).toBe(400);
    expect(await target.countEvents()).toBe(before);
  });
});
