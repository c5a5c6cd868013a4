// OIDC bearer tokens against a test issuer: a local HTTP server serving a JWKS of keys made here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { Controller, Module, Post } from '@nestjs/common';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { Roles } from '../src';

const ISSUER = 'https://idp.leadline.test/realms/sales';
const AUDIENCE = 'leadline-api';

@Controller('reports')
class ReportsController {
  @Post('rebuild')
  @Roles('sales-ops')
  rebuild(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ReportsController] })
class ReportsModule {}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

describe('OIDC bearer tokens (issuer, audience and JWKS configured)', () => {
  let jwks: Server;
  let t: TestApp;
  let published: SigningKey;
  let unpublished: SigningKey;

  const token = (
    claims: Record<string, unknown> = {},
    options: { key?: SigningKey; issuer?: string; audience?: string; expires?: string | number; notBefore?: string | number } = {},
  ) => {
    const key = options.key ?? published;
    const jwt = new SignJWT({ roles: ['analyst'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setSubject('ana@example.com')
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m');
    if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
    return jwt.sign(key.privateKey);
  };
  const whoami = (bearer: string) => t.as(bearer).get('/auth/whoami');

  beforeAll(async () => {
    published = await signingKey('published-1');
    unpublished = await signingKey('unpublished-1');
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [published.jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/protocol/openid-connect/certs`;
    t = await startTestApp([{ name: 'reports', module: ReportsModule, ownedCategories: [] }], 'pglite', 'oidc', {
      env: { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_URL: jwksUrl, OIDC_CLOCK_TOLERANCE_SECONDS: '0' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts a token signed by a published key, for its issuer and audience: the subject with the roles of its claim', async () => {
    const { status, body } = await whoami(
      await token({ roles: ['analyst', 'not-a-leadline-role'], rep_id: 'sdr-ana', email: 'Ana@Example.com' }),
    );
    expect(status).toBe(200);
    // The email claim names the manager a manager's token acts as (their team); kept for every token.
    expect(body).toEqual({
      kind: 'token',
      id: 'ana@example.com',
      roles: ['analyst'],
      repId: 'sdr-ana',
      sources: null,
      managerEmail: 'ana@example.com',
    });
  });

  it('checks the roles of the token: analyst may not rebuild reports (403), sales-ops may', async () => {
    await t
      .as(await token())
      .post('/reports/rebuild')
      .expect(403);
    await t
      .as(await token({ roles: ['sales-ops'] }))
      .post('/reports/rebuild')
      .expect(201);
  });

  it.each([
    ['expired', () => token({}, { expires: Math.floor(Date.now() / 1000) - 3600 })],
    ['not yet valid', () => token({}, { notBefore: Math.floor(Date.now() / 1000) + 3600 })],
    ['for another audience', () => token({}, { audience: 'some-other-api' })],
    ['from another issuer', () => token({}, { issuer: 'https://evil.example/realms/sales' })],
    ['signed by a key the JWKS does not publish (unknown kid)', () => token({}, { key: unpublished })],
    ['signed by an unpublished key under a published kid', () => token({}, { key: { ...unpublished, kid: published.kid } })],
    [
      'with a tampered payload (signature no longer matches)',
      async () => {
        const [header, , signature] = (await token()).split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'ana@example.com', roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999 }),
        );
        return `${header}.${payload.toString('base64url')}.${signature}`;
      },
    ],
    [
      'with alg none (unsigned)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({
            sub: 'ana@example.com',
            roles: ['admin'],
            iss: ISSUER,
            aud: AUDIENCE,
            exp: Math.floor(Date.now() / 1000) + 300,
          }),
        ).toString('base64url');
        return `${header}.${payload}.`;
      },
    ],
    ['that is not a JWT at all', async () => 'not.a.token'],
  ])('refuses a token %s with 401', async (_case, make) => {
    const { status, headers } = await whoami(await make());
    expect(status).toBe(401);
    expect(headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
