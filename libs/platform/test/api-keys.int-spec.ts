// API keys end to end: issued and revoked through the admin API (event-sourced, with who and when),
// stored only as a hash, refused once revoked or expired; every request's events carry its actor;
// and a route that declares no roles stops the application from starting.
import { Body, Controller, Get, Inject, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import type { Decider } from '@leadline/domain';
import { EVENT_STORE, handleCommand, type TransactionalStore } from '@leadline/event-store';
import { authedAgent, startTestApp, type TestApp } from '@leadline/platform/testing';
import { API_KEY_CACHE } from '../src/auth/api-keys.service';
import { ApiKeys, loadConfig, Roles, startLeadlineApp } from '../src';
import { freshStoreLocation } from '@leadline/testing';

class NoteDto {
  @IsString() text!: string;
}

type NoteEvent = { type: 'NoteWritten'; data: { text: string } };
const notes: Decider<number, { type: 'Write'; data: { text: string } }, NoteEvent> = {
  decide: (command) => [{ type: 'NoteWritten', data: command.data }],
  evolve: (count) => count + 1,
  initialState: () => 0,
};

@Controller('notes')
class NotesController {
  constructor(@Inject(EVENT_STORE) private readonly store: TransactionalStore) {}

  @Post()
  @Roles('sales-ops')
  async write(@Body() dto: NoteDto): Promise<{ ok: true }> {
    await handleCommand(this.store, 'note-1', notes, (state) => notes.decide({ type: 'Write', data: { text: dto.text } }, state));
    return { ok: true };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

@Controller('forgotten')
class ForgottenController {
  @Get()
  open(): string {
    return 'anyone?';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('API keys through the admin API', () => {
  let t: TestApp;
  const adminKeyId = () => t.adminKey.split('_')[1];

  beforeAll(async () => {
    t = await startTestApp([{ name: 'notes', module: NotesModule, ownedCategories: ['note'] }], 'pg', 'api-keys', { listen: true });
  });
  afterAll(() => t?.close());

  it('issues a key shown once, stores only its hash, and records who issued it and when', async () => {
    const { body: issued } = await t
      .http()
      .post('/auth/keys')
      .send({ label: 'web form', roles: ['intake'], sources: ['inbound-web'] })
      .expect(201);
    expect(issued).toMatchObject({
      label: 'web form',
      roles: ['intake'],
      sources: ['inbound-web'],
      issuedBy: adminKeyId(),
      revokedAt: null,
    });
    expect(issued.key).toMatch(new RegExp(`^ll_${issued.keyId}_[A-Za-z0-9_-]{43}$`));

    const { body: whoami } = await t.as(issued.key).get('/auth/whoami').expect(200);
    expect(whoami).toEqual({
      kind: 'api-key',
      id: issued.keyId,
      roles: ['intake'],
      repId: null,
      sources: ['inbound-web'],
      managerEmail: null,
    });
    // A manager key names its manager (their team: the SDRs whose roster entry names that managerEmail).
    const { body: manager } = await t
      .http()
      .post('/auth/keys')
      .send({ label: 'team lead', roles: ['manager'], managerEmail: 'Boss@Sales.example' })
      .expect(201);
    expect(manager.managerEmail).toBe('boss@sales.example');
    expect((await t.as(manager.key).get('/auth/whoami').expect(200)).body.managerEmail).toBe('boss@sales.example');
    await t
      .http()
      .post('/auth/keys')
      .send({ label: 'x', roles: ['analyst'], managerEmail: 'boss@sales.example' })
      .expect(400);
    const { body: listed } = await t.http().get('/auth/keys').expect(200);
    expect(listed.map((key: { keyId: string }) => key.keyId)).toContain(issued.keyId);
    expect(JSON.stringify(listed)).not.toMatch(/secretHash|ll_/);

    const secret = issued.key.split('_').slice(2).join('_');
    const { rows } = await t.db.query<{ n: string }>(
      `select (select count(*) from event_store.events where data::text like $1 or metadata::text like $1)
            + (select count(*) from access.api_keys where row_to_json(api_keys)::text like $1) as n`,
      [`%${secret}%`],
    );
    expect(Number(rows[0].n)).toBe(0);
    const [event] = await t.store.readStream(`apikey-${issued.keyId}`);
    expect(event).toMatchObject({ type: 'ApiKeyIssued', data: { keyId: issued.keyId, by: adminKeyId() } });
    expect(event.metadata).toMatchObject({ actor: { kind: 'api-key', id: adminKeyId(), roles: ['admin'] } });
  });

  it('refuses a revoked key from then on, and the revocation says who and when', async () => {
    const key = await t.keyFor(['sales-ops']);
    const keyId = key.split('_')[1];
    await t.as(key).post('/notes').send({ text: 'before' }).expect(201);
    const { body } = await t.http().post(`/auth/keys/${keyId}/revoke`).expect(200);
    expect(body).toMatchObject({ keyId, revokedBy: adminKeyId() });
    await t.as(key).post('/notes').send({ text: 'after' }).expect(401);
    await t.http().post(`/auth/keys/${keyId}/revoke`).expect(200);
    const events = await t.store.readStream(`apikey-${keyId}`);
    expect(events.map((event) => event.type)).toEqual(['ApiKeyIssued', 'ApiKeyRevoked']);
  });

  it('reads a key once per cache period (requests that miss together share the read): revoked through another process it is refused within the period, through this one at once', async () => {
    const here = t.app.get(ApiKeys);
    const elsewhere = new ApiKeys(t.store);
    const key = await t.keyFor(['sales-ops']);
    const keyId = key.split('_')[1];
    const start = new Date();
    const at = (ms: number) => new Date(start.getTime() + ms);
    let reads = 0;
    const counting = new ApiKeys({
      ...t.store,
      db: { ...t.store.db, query: (text: string, params?: readonly unknown[]) => (reads++, t.store.db.query(text, params)) },
    } as unknown as ConstructorParameters<typeof ApiKeys>[0]);
    // Requests that miss together share the one read.
    const together = await Promise.all([counting.authenticate(key, start), counting.authenticate(key, start)]);
    expect(together).toEqual([expect.objectContaining({ id: keyId }), expect.objectContaining({ id: keyId })]);
    expect(await counting.authenticate(key, at(1))).toMatchObject({ id: keyId });
    expect(reads).toBe(1);

    expect(await here.authenticate(key, start)).toMatchObject({ id: keyId });
    await elsewhere.revoke(keyId, 'another-process');
    // Kept here for at most the cache period, then refused; the process that revoked it refuses it at once.
    expect(await elsewhere.authenticate(key, start)).toBeNull();
    expect(await here.authenticate(key, at(API_KEY_CACHE.ttlMs))).toBeNull();
    expect(await counting.authenticate(key, at(API_KEY_CACHE.ttlMs + 1))).toBeNull();

    const other = await t.keyFor(['sales-ops']);
    const otherId = other.split('_')[1];
    expect(await here.authenticate(other, start)).toMatchObject({ id: otherId });
    await here.revoke(otherId, 'this-process');
    expect(await here.authenticate(other, start)).toBeNull();
  });

  it('refuses an expired key, an unknown key, a wrong secret and a key in a malformed shape', async () => {
    const { body: issued } = await t
      .http()
      .post('/auth/keys')
      .send({ label: 'expiring', roles: ['analyst'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
    const keys = t.app.get(ApiKeys);
    expect(await keys.authenticate(issued.key)).toMatchObject({ id: issued.keyId });
    expect(await keys.authenticate(issued.key, new Date(Date.now() + 2 * 86_400_000))).toBeNull();
    const wrongSecret =
      `${issued.key.slice(0, -4)}AAAA` === issued.key ? `${issued.key.slice(0, -4)}BBBB` : `${issued.key.slice(0, -4)}AAAA`;
    for (const bad of [wrongSecret, 'll_0123456789abcdef_' + 'A'.repeat(43), 'll_short', 'Basic abc']) {
      await t.as(bad).get('/auth/whoami').expect(401);
    }
    await t
      .http()
      .post('/auth/keys')
      .send({ label: 'past', roles: ['analyst'], expiresAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    await t
      .http()
      .post('/auth/keys')
      .send({ label: 'rep without rep', roles: ['rep'] })
      .expect(400);
  });

  it('lets only admins manage keys', async () => {
    const ops = await t.keyFor(['sales-ops']);
    await t
      .as(ops)
      .post('/auth/keys')
      .send({ label: 'mine', roles: ['admin'] })
      .expect(403);
    await t.as(ops).get('/auth/keys').expect(403);
  });

  it('writes the actor of every request into the metadata of the events it causes', async () => {
    const key = await t.keyFor(['sales-ops']);
    await t.as(key).post('/notes').send({ text: 'audited' }).expect(201);
    const written = (await t.store.readStream('note-1')).filter((event) => (event.data as { text: string }).text === 'audited');
    expect(written.map((event) => event.metadata.actor)).toEqual([{ kind: 'api-key', id: key.split('_')[1], roles: ['sales-ops'] }]);
  });

  it('sends credentials as X-API-Key too', async () => {
    await authedAgent(t.url, 'unused').set('authorization', '').set('x-api-key', t.adminKey).get('/auth/whoami').expect(200);
  });
});

describe('deny by default at start', () => {
  it('refuses to start an application with a route that declares no roles, naming it', async () => {
    const where = await freshStoreLocation('pglite', 'undeclared-route');
    try {
      await expect(
        startLeadlineApp([{ name: 'forgotten', module: ForgottenModule, ownedCategories: [] }], loadConfig(where.env)),
      ).rejects.toThrow('Refusing to start: routes without @Roles(...) or @Public(): GET /forgotten (ForgottenController.open)');
    } finally {
      await where.cleanup();
    }
  });
});
