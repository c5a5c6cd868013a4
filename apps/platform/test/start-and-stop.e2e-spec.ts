import { get } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createTestDatabase,
  freePort,
  killIfRunning,
  runTs,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
  waitForExit,
  type TestDatabase,
  type TsProcess,
} from '@leadline/testing';
import { testAdminKey } from '@leadline/platform/testing';

const ADMIN_KEY = testAdminKey();

// Start-up order and graceful shutdown of single services run as in production (apps/<service>/src/main.ts).
const ROOT = join(__dirname, '..', '..', '..');

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: string | null;
}

async function call(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    retryAfter: response.headers.get('retry-after'),
  };
}

const lead = (n: number, key: string) => ({
  source: 'demo-request',
  contact: { firstName: 'Sam', lastName: `Stop${n}`, email: `sam${n}@stop${n}-${key}.com`, title: 'VP Sales' },
  company: { name: `Stop ${n} Ltd`, website: `https://stop${n}-${key}.com`, country: 'US' },
  consent: true,
});

/**
 * GET `url`'s status over a connection of its own (0 when none is made): the posting clients' pooled connections, which
 * a draining server answers with `Connection: close`, cannot take the probe down with them.
 */
function statusOnItsOwnConnection(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
  });
}

function postLead(url: string, n: number, key: string): Promise<Answer> {
  return call(`${url}/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'idempotency-key': `stop-${key}-${n}` },
    body: JSON.stringify(lead(n, key)),
  });
}

describe('a service process starting and stopping', () => {
  let database: TestDatabase;
  let client: Client;
  const children: TsProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('start-stop');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => killIfRunning(child)));
    await client?.end();
    await database?.drop();
  });

  async function start(service: string, env: Record<string, string>): Promise<{ child: TsProcess; url: string }> {
    const port = await freePort();
    const child = runTs(join(ROOT, 'apps', service, 'src', 'main.ts'), [], {
      DATABASE_URL: database.url,
      AUTH_ADMIN_KEY: ADMIN_KEY,
      PORT: String(port),
      LOG_LEVEL: 'log',
      // The clients below post back to back from one address: no per-client rate limit in the way.
      INTAKE_RATE_LIMIT: '0',
      ...env,
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 90_000,
        message: () => `${service} answering /health:\n${child.output().slice(-3000)}`,
      },
    );
    return { child, url };
  }

  it('listens before Kafka answers: intake is ready and takes leads on its database alone; a consumer is alive but not ready until it joins', async () => {
    // A broker address nothing listens on: Kafka is "down" for these processes, and only for them.
    const nowhere = `127.0.0.1:${await freePort()}`;
    const env = { KAFKA_BROKERS: nowhere, KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('start-no-kafka') };
    const [intake, scoring] = await Promise.all([start('lead-intake', env), start('scoring', env)]);

    const intakeReady = await call(`${intake.url}/ready`);
    expect(intakeReady.status).toBe(200);
    expect(intakeReady.body).toMatchObject({
      status: 'ready',
      checks: { database: { status: 'up' }, kafka: { status: 'down', required: false }, consumers: { status: 'down', required: false } },
    });
    const accepted = await postLead(intake.url, 1, Date.now().toString(36));
    expect(accepted.status).toBe(202);
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from event_store.events where event_type = 'LeadCaptured' and lead_id = $1`,
      [accepted.body['leadId']],
    );
    expect(Number(rows[0].n)).toBe(1);

    expect((await call(`${scoring.url}/health`)).status).toBe(200);
    const scoringReady = await call(`${scoring.url}/ready`);
    expect(scoringReady.status).toBe(503);
    expect(scoringReady.body).toMatchObject({ status: 'unavailable', checks: { database: { status: 'up' }, kafka: { status: 'down' } } });
    expect(JSON.stringify(scoringReady.body)).toMatch(/not in their consumer groups yet: [a-z.-]+/);

    // Stopping while Kafka is still being retried ends the retries: both exit 0.
    intake.child.kill('SIGTERM');
    scoring.child.kill('SIGTERM');
    expect(await waitForExit(intake.child, 60_000)).toBe(0);
    expect(await waitForExit(scoring.child, 60_000)).toBe(0);
  });

  it('on SIGTERM under load: readiness is never 200 again, new requests get 503 + Retry-After or no connection, it exits 0, and every accepted lead is in the store', async () => {
    const kafka = { KAFKA_BROKERS: testInfra().kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('start-stop') };
    const intake = await start('lead-intake', kafka);
    await waitFor(
      () =>
        fetch(`${intake.url}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      {
        timeoutMs: 60_000,
        message: () => `lead-intake ready:\n${intake.child.output().slice(-3000)}`,
      },
    );

    const key = Date.now().toString(36);
    const accepted: string[] = [];
    const refusals: Answer[] = [];
    let connectionsRefused = 0;
    let signalled = false;
    const exited = () => intake.child.exitCode !== null || intake.child.signalCode !== null;
    let n = 0;
    // Four clients posting back to back until the process has gone.
    const clients = Array.from({ length: 4 }, async () => {
      while (!exited()) {
        const answer = await postLead(intake.url, n++, key).catch(() => undefined);
        if (!answer) connectionsRefused += 1;
        else if (answer.status === 202) accepted.push(answer.body['leadId'] as string);
        else refusals.push(answer);
        if (!answer && !signalled) throw new Error('intake refused a connection before it was stopped');
      }
    });
    const readinessAfterSignal: number[] = [];
    // Every 25 ms until the signal, then back to back: the drain may last only as long as stopping the consumers and the
    // relay (tens of ms since a stopping consumer no longer waits for its idle fetch). Only probes sent after the signal count.
    const probe = (async () => {
      while (!exited()) {
        const sentAfterSignal = signalled;
        const status = await statusOnItsOwnConnection(`${intake.url}/ready`);
        if (sentAfterSignal) readinessAfterSignal.push(status);
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    await waitFor(() => accepted.length >= 40, { timeoutMs: 60_000, message: () => `40 leads accepted (${accepted.length})` });
    signalled = true;
    intake.child.kill('SIGTERM');
    const code = await waitForExit(intake.child, 60_000);
    await Promise.all([...clients, probe]);

    // Exit 0 means the drain finished within SHUTDOWN_GRACE_MS (past it the process exits 1).
    expect({ code, output: code === 0 ? '' : intake.child.output().slice(-3000) }).toEqual({ code: 0, output: '' });
    expect(intake.child.output()).toContain('Stopped cleanly');
    // Once readiness stopped answering 200 (a probe sent as the signal went may still have had it), it answered 503 or
    // the process no longer took connections. Whether a 503 is seen at all is a race with no delay: the listener closes
    // as soon as the requests in flight are answered and the consumers have stopped (tens of ms, a new connection's
    // round trip may miss it: the fresh-clone CIs of 777a0d6 and e4c1af7 and a local run of 6fbc5f3 saw only refused
    // connections). The 503 window is asserted with SHUTDOWN_DELAY_MS below, where it is certain.
    const firstNotReady = readinessAfterSignal.findIndex((status) => status !== 200);
    expect(firstNotReady).toBeGreaterThanOrEqual(0);
    expect(readinessAfterSignal.slice(firstNotReady).filter((status) => status !== 503 && status !== 0)).toEqual([]);
    // What was not accepted was refused properly: 503 with Retry-After, or no connection once the server closed.
    for (const refusal of refusals)
      expect({ status: refusal.status, retryAfter: refusal.retryAfter }).toEqual({ status: 503, retryAfter: '1' });

    const { rows } = await client.query<{ lead_id: string; n: string }>(
      `select lead_id, count(*) as n from event_store.events where event_type = 'LeadCaptured' and lead_id = any($1) group by lead_id`,
      [accepted],
    );
    expect(rows).toHaveLength(accepted.length);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(40);
    expect(connectionsRefused + refusals.length).toBeGreaterThan(0);
  });

  it('with SHUTDOWN_DELAY_MS: after SIGTERM readiness is 503 at once while leads are still taken for the delay, then it drains and exits 0', async () => {
    // Intake is ready on its database alone: no broker needed for what this asks.
    const env = {
      KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('start-delay'),
      SHUTDOWN_DELAY_MS: '3000',
    };
    const intake = await start('lead-intake', env);
    expect((await call(`${intake.url}/ready`)).status).toBe(200);

    intake.child.kill('SIGTERM');
    await waitFor(() => intake.child.output().includes('serving 3000 ms more while /ready answers 503'), {
      timeoutMs: 10_000,
      message: () => `the signal logged:\n${intake.child.output().slice(-3000)}`,
    });
    const ready = await call(`${intake.url}/ready`);
    const during = await postLead(intake.url, 1, Date.now().toString(36));
    expect({ ready: ready.status, lead: during.status }).toEqual({ ready: 503, lead: 202 });
    expect(ready.body).toMatchObject({ checks: { shutdown: { status: 'down' } } });

    expect(await waitForExit(intake.child, 60_000)).toBe(0);
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from event_store.events where event_type = 'LeadCaptured' and lead_id = $1`,
      [during.body['leadId']],
    );
    expect(Number(rows[0].n)).toBe(1);
  });
});
