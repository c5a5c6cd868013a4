// The error shape the OpenAPI document promises is the one the platform answers with: real refusals
// (validation, credentials, role, unknown id, a domain conflict, the capture's field errors) checked
// against the ErrorResponseDto schema and the statuses their operations declare.
import request from 'supertest';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';

interface PropertySchema {
  readonly type?: string;
  readonly oneOf?: readonly PropertySchema[];
  readonly items?: PropertySchema;
  readonly $ref?: string;
}
interface Document {
  readonly paths: Record<
    string,
    Record<string, { readonly responses: Record<string, { readonly content?: Record<string, { schema?: { $ref?: string } }> }> }>
  >;
  readonly components: {
    readonly schemas: Record<string, { readonly required?: string[]; readonly properties: Record<string, PropertySchema> }>;
  };
}

const SDR = {
  sdrId: 'sdr-contract',
  name: 'Ana Silva',
  email: 'ana@example.com',
  managerEmail: 'lena@example.com',
  team: 'inbound',
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  timeZone: 'Europe/Berlin',
};

describe('error answers match the documented ErrorResponseDto', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp(PLATFORM_SERVICES, 'pg', 'error-answers');
    document = (await t.http().get('/docs-json').expect(200)).body as Document;
  }, 120_000);
  afterAll(() => t?.close());

  /** What is wrong with `body` as an answer of `status` on the operation (empty when it is as documented). */
  function problems(method: string, path: string, status: number, body: Record<string, unknown>): string[] {
    const response = document.paths[path]?.[method]?.responses[String(status)];
    if (!response) return [`${method.toUpperCase()} ${path} does not declare ${status}`];
    const ref = response.content?.['application/json']?.schema?.$ref ?? '';
    const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!schema) return [`${status} has no schema`];
    const found: string[] = [];
    for (const key of schema.required ?? []) if (!(key in body)) found.push(`missing ${key}`);
    for (const [key, value] of Object.entries(body)) {
      const property = schema.properties[key];
      if (!property) found.push(`undocumented ${key}`);
      else if (!matches(value, property)) found.push(`${key} is not ${JSON.stringify(property)}`);
    }
    return found;
  }

  const matches = (value: unknown, schema: PropertySchema): boolean => {
    if (schema.oneOf) return schema.oneOf.some((option) => matches(value, option));
    if (schema.type === 'array' || schema.items) return Array.isArray(value);
    if (schema.type === 'number' || schema.type === 'integer') return typeof value === 'number';
    if (schema.type === 'string') return typeof value === 'string';
    return true;
  };

  it('a body that does not validate: 400 with one message per problem', async () => {
    const { status, body } = await t.http().post('/sdrs').send({ name: '' });
    expect({ status, problems: problems('post', '/sdrs', status, body as Record<string, unknown>) }).toEqual({ status: 400, problems: [] });
    expect(Array.isArray((body as { message: unknown }).message)).toBe(true);
  });

  it('a capture with bad fields: 400 naming each field', async () => {
    const { status, body } = await t.http().post('/leads').send({ source: 'nowhere', contact: {} });
    expect({ status, problems: problems('post', '/leads', status, body as Record<string, unknown>) }).toEqual({
      status: 400,
      problems: [],
    });
    expect((body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });

  it('no credentials: 401; a key without the role: 403', async () => {
    const anonymous = await request(t.app.getHttpServer()).get('/sdrs');
    expect({ status: anonymous.status, problems: problems('get', '/sdrs', anonymous.status, anonymous.body) }).toEqual({
      status: 401,
      problems: [],
    });
    const analyst = await t
      .as(await t.keyFor(['analyst']))
      .post('/sdrs')
      .send(SDR);
    expect({ status: analyst.status, problems: problems('post', '/sdrs', analyst.status, analyst.body) }).toEqual({
      status: 403,
      problems: [],
    });
  });

  it("a domain error: its code in `error`, with the status the controller's filter gives it", async () => {
    const unknown = await t.http().get('/auth/keys/no-such-key');
    expect({
      status: unknown.status,
      error: unknown.body.error,
      problems: problems('get', '/auth/keys/{keyId}', unknown.status, unknown.body),
    }).toEqual({
      status: 404,
      error: 'api-key-not-found',
      problems: [],
    });
    await t.http().post('/sdrs').send(SDR).expect(201);
    const again = await t.http().post('/sdrs').send(SDR);
    expect({ status: again.status, error: again.body.error, problems: problems('post', '/sdrs', again.status, again.body) }).toEqual({
      status: 409,
      error: 'sdr-already-registered',
      problems: [],
    });
  });
});
