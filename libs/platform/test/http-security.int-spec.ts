import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Public } from '../src/auth';
import { startTestApp, type TestApp } from './test-app';

class FormDto {
  @IsString() email!: string;
}

/** A route a browser form on another site would post to (public: this suite is about headers and CORS, not authentication). */
@Controller('forms')
@Public()
class FormsController {
  @Post()
  @HttpCode(202)
  submit(@Body() form: FormDto): { received: string } {
    return { received: form.email };
  }
}

@Module({ controllers: [FormsController] })
class FormsModule {}

const FORMS = [{ name: 'forms', module: FormsModule, ownedCategories: [] }];
const ALLOWED = 'https://www.example.com';

const preflight = (app: TestApp, origin: string) =>
  fetch(`${app.url}/forms`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,idempotency-key,x-request-id',
    },
  });

const submit = (app: TestApp, origin: string) =>
  fetch(`${app.url}/forms`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"email":"a@b.co"}' });

describe('security headers and CORS on every route', () => {
  let app: TestApp;
  let closed: TestApp;
  beforeAll(async () => {
    app = await startTestApp(FORMS, 'pglite', 'http-security', { listen: true, env: { CORS_ORIGINS: `${ALLOWED},http://localhost:8080` } });
    closed = await startTestApp(FORMS, 'pglite', 'http-security-closed', { listen: true });
  });
  afterAll(async () => {
    await app?.close();
    await closed?.close();
  });

  it('sends helmet’s headers (no sniffing, no framing, a content security policy, HSTS) and hides the framework', async () => {
    for (const path of ['/health', '/forms/unknown', '/docs']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets a listed origin’s page post (preflight with the allowed headers) and refuses every other origin', async () => {
    const allowed = await preflight(app, ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-request-id');
    const posted = await submit(app, ALLOWED);
    expect(posted.status).toBe(202);
    expect(posted.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    // The page may read the id its request was logged under.
    expect(posted.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(posted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const other = await preflight(app, 'https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await submit(app, 'https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no origin at all without CORS_ORIGINS', async () => {
    expect((await preflight(closed, ALLOWED)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await submit(closed, ALLOWED)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
