import { Body, Controller, Get, Inject, Module, Param, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { allowConnections, createTestDatabase, terminateConnections, type TestDatabase } from '@leadline/testing';
import { createLeadlineApp } from '../src/bootstrap-service';
import { Public } from '../src/auth';
import { loadConfig } from '../src/config';

class HoursDto {
  @IsArray() @IsInt({ each: true }) days!: number[];
}

class PlanDto {
  @IsString() @MaxLength(100) name!: string;
  @IsDefined() @ValidateNested() @Type(() => HoursDto) hours!: HoursDto;
}

/** A route that writes an event, and one that reads its path parameter through PostgreSQL (public: this suite is about the edge, not auth). */
@Controller('plans')
@Public()
class PlansController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  @Post()
  async create(@Body() plan: PlanDto): Promise<{ name: string }> {
    await this.store.appendToStream(`plan-${plan.name}`, [{ type: 'PlanCreated', data: { ...plan } }]);
    return { name: plan.name };
  }

  @Get(':name')
  async read(@Param('name') name: string): Promise<{ events: number }> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from event_store.events where stream_id = $1', [
      `plan-${name}`,
    ]);
    return { events: rows[0].n };
  }
}

@Module({ controllers: [PlansController] })
class PlansModule {}

describe('the platform edge, on every route of every app', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('edge');
    app = await createLeadlineApp(
      [{ name: 'plans', module: PlansModule, ownedCategories: ['plan'] }],
      loadConfig({ DATABASE_URL: database.url }),
    );
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const post = (body: string) => fetch(`${url}/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const events = async () => (await app.get<SqlDatabase>(SQL_DATABASE).query('select 1 from event_store.events')).rowCount;
  const valid = { name: 'alpha', hours: { days: [1, 2] } };

  it('answers 400 to every class of malformed input, before any event is written', async () => {
    const bodies: Record<string, string> = {
      'nested 10,000 deep': `{"name":"deep","hours":{"days":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
      'a NUL character': JSON.stringify({ ...valid, name: 'nul\u0000' }),
      'a lone surrogate': '{"name":"half\\ud83d","hours":{"days":[1]}}',
      'a constructor key inside a value': '{"name":"ctor","hours":{"days":[1],"constructor":{"name":"x"}}}',
      'a __proto__ key': '{"name":"proto","hours":{"__proto__":{"days":[1]}}}',
      'a missing nested object': JSON.stringify({ name: 'no-hours' }),
      'a nested object that is null': JSON.stringify({ name: 'null-hours', hours: null }),
      'a nested object that is a string': JSON.stringify({ name: 'string-hours', hours: 'always' }),
    };
    for (const [what, body] of Object.entries(bodies)) {
      const response = await post(body);
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
    }
    expect((await post(`{"name":"${'x'.repeat(110 * 1024)}","hours":{"days":[]}}`)).status).toBe(413);
    for (const path of ['/plans/%00', '/plans/x%ED%A0%80', '/plans/alpha?filter=%00', '/plans/alpha?constructor=1']) {
      expect({ path, status: (await fetch(`${url}${path}`)).status }).toEqual({ path, status: 400 });
    }
    expect(await events()).toBe(0);
    expect((await post(JSON.stringify(valid))).status).toBe(201);
    expect(await events()).toBe(1);
  });

  it('answers 503 with Retry-After, and /ready 503, while the database cannot be reached; both recover without a restart', async () => {
    await allowConnections(database.name, false);
    try {
      await terminateConnections(database.name);
      const refused = await post(JSON.stringify({ ...valid, name: 'beta' }));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${url}/plans/alpha`)).status).toBe(503);
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { database: { status: 'down' } } });
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await allowConnections(database.name, true);
    }
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    expect((await post(JSON.stringify({ ...valid, name: 'beta' }))).status).toBe(201);
    expect(await (await fetch(`${url}/plans/beta`)).json()).toEqual({ events: 1 });
  });
});
