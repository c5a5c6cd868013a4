// Deny by default, checked over every route the embedded platform serves (from its router, so a new
// route is covered without touching this test): no credentials → 401, a valid key without the
// route's role → 403, a key with it → neither; and the OpenAPI document declares it all.
import request from 'supertest';
import { ROLES, type Role } from '@leadline/domain';
import { RouteDeclarations, ROLES_EXTENSION, type DeclaredRoute } from '@leadline/platform';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { PLATFORM_SERVICES } from '../src/platform-services';

const SERVICES = PLATFORM_SERVICES;

interface Operation {
  readonly security?: readonly Record<string, unknown>[];
  readonly [ROLES_EXTENSION]?: readonly string[];
}

/** The route's path with its parameters filled in (an id nothing has, so no route changes anything real). */
const concrete = (path: string): string => `/${path.replace(/:[A-Za-z]+/g, 'no-such-id-0')}`;
const openApiPath = (path: string): string => `/${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

describe('access control over every route of the embedded platform', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  const keys = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp(SERVICES, 'pg', 'access-control', { listen: true });
    routes = t.app.get(RouteDeclarations).routes();
    for (const role of ROLES) keys.set(role, await t.keyFor([role], role === 'rep' ? { repId: 'sdr-nobody' } : {}));
  }, 120_000);
  afterAll(() => t?.close());

  const send = (route: DeclaredRoute, key?: string) => {
    const agent = key ? t.as(key) : request(t.url);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const pending = agent[method](concrete(route.path));
    return method === 'get' ? pending : pending.send({});
  };

  it('finds every route of the seven services, each declaring who may call it', () => {
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((route) => route.access === null)).toEqual([]);
    // Liveness, readiness and the published event contracts (AsyncAPI, JSON Schemas), like the API docs.
    expect(routes.filter((route) => route.access === 'public').map((route) => route.path)).toEqual([
      'health',
      'ready',
      'asyncapi.json',
      'schemas/events/:type/:file',
    ]);
  });

  it('without credentials: 401 on every route but the public ones', async () => {
    const answers: string[] = [];
    for (const route of routes) {
      const { status } = await send(route);
      answers.push(`${route.method} /${route.path} ${route.access === 'public' ? (status === 401 ? 401 : 'open') : status}`);
    }
    expect(answers).toEqual(routes.map((route) => `${route.method} /${route.path} ${route.access === 'public' ? 'open' : 401}`));
  }, 120_000);

  it('with a valid key lacking the role: 403; with a key holding it (or admin): neither 401 nor 403', async () => {
    let refused = 0;
    for (const route of routes) {
      if (route.access === 'public' || route.access === null) continue;
      const allowed = route.access as readonly Role[];
      const lacking = ROLES.find((role) => role !== 'admin' && !allowed.includes(role));
      if (lacking) {
        expect(`${route.method} /${route.path} as ${lacking}: ${(await send(route, keys.get(lacking))).status}`).toBe(
          `${route.method} /${route.path} as ${lacking}: 403`,
        );
        refused++;
      }
      for (const role of [allowed[0], 'admin'] as const) {
        const { status } = await send(route, keys.get(role));
        expect({ route: `${route.method} /${route.path}`, role, denied: status === 401 || status === 403 }).toEqual({
          route: `${route.method} /${route.path}`,
          role,
          denied: false,
        });
      }
    }
    // Only a route every role may call (who am I) has no role to lack: every other one refused someone.
    const forEveryone = routes.filter((route) => Array.isArray(route.access) && ROLES.every((role) => route.access?.includes(role)));
    expect(forEveryone.map((route) => route.path)).toEqual(['auth/whoami']);
    expect(refused).toBe(routes.filter((route) => route.access !== 'public').length - forEveryone.length);
  }, 300_000);

  it('the intake key can only capture leads and import lists (and ask who it is)', () => {
    const intake = routes.filter((route) => Array.isArray(route.access) && route.access.includes('intake'));
    expect(intake.map((route) => `${route.method} /${route.path}`).sort()).toEqual(['GET /auth/whoami', 'POST /leads', 'POST /lists']);
  });

  it('the OpenAPI document declares the security schemes and the roles of every operation', async () => {
    const { body: document } = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(document.components.securitySchemes as object).sort()).toEqual(['apiKey', 'bearer']);
    for (const route of routes) {
      const operation = (document.paths[openApiPath(route.path)] as Record<string, Operation>)[route.method.toLowerCase()];
      if (route.access === 'public') {
        expect({ route: route.path, security: operation.security ?? [] }).toEqual({ route: route.path, security: [] });
        continue;
      }
      expect({ route: `${route.method} /${route.path}`, security: operation.security, roles: operation[ROLES_EXTENSION] }).toEqual({
        route: `${route.method} /${route.path}`,
        security: expect.arrayContaining([{ apiKey: [] }, { bearer: [] }]),
        roles: route.access,
      });
    }
  });
});
