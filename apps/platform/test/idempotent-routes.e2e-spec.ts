import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { appointmentsService } from '@leadline/service-appointments';
import { customerSuccessService } from '@leadline/service-customer-success';
import { enrichmentService } from '@leadline/service-enrichment';
import { leadIntakeService } from '@leadline/service-lead-intake';
import { metricsService } from '@leadline/service-metrics';
import { routingService } from '@leadline/service-routing';
import { scoringService } from '@leadline/service-scoring';

/**
 * Command routes that handle retries their own way (README, "Retries"); revoking a key is idempotent by
 * nature, and issuing one must not keep its answer (the key is shown once, stored nowhere).
 */
const OWN_WAY = ['POST /leads', 'POST /lists', 'POST /metrics/spend/import', 'POST /auth/keys', 'POST /auth/keys/{keyId}/revoke'];

interface Operation {
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly responses?: Readonly<Record<string, unknown>>;
}

describe('every command route of the seven services takes an Idempotency-Key', () => {
  let t: TestApp;
  const http = () => t.http();

  beforeAll(async () => {
    t = await startTestApp(
      [leadIntakeService, enrichmentService, scoringService, routingService, appointmentsService, customerSuccessService, metricsService],
      'pglite',
      'idempotent-routes',
    );
  });
  afterAll(() => t?.close());

  it('declares the header, its 409 and its 422 on every POST, PUT and PATCH in the OpenAPI document', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    const commands = Object.entries(body.paths as Record<string, Record<string, Operation>>).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'put', 'patch'].includes(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(commands.length).toBeGreaterThan(30);
    const withoutKey = commands
      .filter(({ operation }) => !operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
      .map(({ route }) => route);
    expect(withoutKey.sort()).toEqual([...OWN_WAY.filter((r) => r !== 'POST /leads')].sort());
    for (const { route, operation } of commands.filter(({ route }) => !OWN_WAY.includes(route))) {
      expect([route, Object.keys(operation.responses ?? {})]).toEqual([route, expect.arrayContaining(['409', '422'])]);
    }
  });

  it('a retried roster registration and a retried customer-manager registration (generated id) are each recorded once', async () => {
    const sdr = {
      sdrId: 'kai',
      name: 'Kai',
      email: 'kai@sales.example',
      managerEmail: 'boss@sales.example',
      team: 'outbound',
      territories: ['*'],
      segments: ['*'],
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      timeZone: 'UTC',
    };
    const first = await http().post('/sdrs').set('Idempotency-Key', 'sdr-kai').send(sdr).expect(201);
    // Without the key the second registration would be refused as a duplicate (409): with it, the first answer.
    const retry = await http().post('/sdrs').set('Idempotency-Key', 'sdr-kai').send(sdr).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await t.store.readStream('sdr-kai')).map((e) => e.type)).toEqual(['SdrRegistered']);

    // A manager without an id gets a generated one: without the key, each retry would register another manager.
    const manager = { name: 'Mia', email: 'mia@cs.example', segments: ['smb'] };
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await http().post('/customer-managers').set('Idempotency-Key', 'cm-mia').send(manager).expect(201));
    for (const retry of answers.slice(1)) expect(retry.body).toEqual(answers[0].body);
    const { body: managers } = await http().get('/customer-managers').expect(200);
    expect((managers as { name: string }[]).filter((m) => m.name === 'Mia')).toHaveLength(1);
  });
});
