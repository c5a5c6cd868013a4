import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Module,
  Param,
  Post,
  ServiceUnavailableException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { deriveEventId, EVENT_STORE, newEventId, type EventStore } from '@leadline/event-store';
import { IdempotencyScope, Idempotent, IdempotencyStore, type IdempotencyRecordId } from '../src';
import { Public } from '../src/auth';
import { startTestApp, type TestApp } from './test-app';

class LineDto {
  @IsString() @MaxLength(50) sku!: string;
  @IsInt() quantity!: number;
}

/** A test stand-in for authentication: the caller named in a header. */
class HeaderCaller implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: { id: string } }>();
    if (request.headers['x-test-user']) request.user = { id: request.headers['x-test-user'] };
    return true;
  }
}

/** What the routes below let a test hold or break. */
const controls = { gate: null as Promise<void> | null, failures: 0, runs: 0 };

// Public: this suite is about idempotency, its callers named by a header (HeaderCaller), not authentication.
@Controller('orders/:id')
@Public()
@UseGuards(HeaderCaller)
class OrdersController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('lines')
  @HttpCode(201)
  @Idempotent()
  async add(
    @Param('id') orderId: string,
    @Body() line: LineDto,
    @IdempotencyScope() scope?: string,
  ): Promise<{ lineId: string; run: number }> {
    const run = ++controls.runs;
    await controls.gate;
    if (controls.failures > 0) {
      controls.failures--;
      throw new ServiceUnavailableException('the test broke this run');
    }
    const lineId = scope ? deriveEventId(scope, 'line') : newEventId();
    await this.store.appendToStream(`order-${orderId}`, [{ id: lineId, type: 'LineAdded', data: { lineId, ...line } }]);
    return { lineId, run };
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

describe.each(['pg', 'pglite'] as const)('Idempotency-Key on a command route, on %s', (driver) => {
  let t: TestApp;
  const line = { sku: 'widget', quantity: 3 };
  const post = (orderId: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/orders/${orderId}/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const lines = async (orderId: string) => (await t.store.readStream(`order-${orderId}`)).length;

  beforeAll(async () => {
    t = await startTestApp([{ name: 'orders', module: OrdersModule, ownedCategories: ['order'] }], driver, 'idempotency', { listen: true });
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    controls.gate = null;
    controls.failures = 0;
  });

  it('runs a request once: two retries with the same key get the first answer, status and body, and write nothing', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post('o1', line, { 'Idempotency-Key': 'k-1' }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const [first, ...retries] = await Promise.all(answers.map((a) => a.json()));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(answers.map((a) => a.headers.get('idempotent-replayed'))).toEqual([null, 'true', 'true']);
    expect(await lines('o1')).toBe(1);
    // Key order in the body does not make it another request.
    expect((await post('o1', { quantity: 3, sku: 'widget' }, { 'Idempotency-Key': 'k-1' })).status).toBe(201);
    expect(await lines('o1')).toBe(1);
  });

  it('without a key every request runs', async () => {
    await post('o2', line).then((r) => expect(r.status).toBe(201));
    await post('o2', line).then((r) => expect(r.status).toBe(201));
    expect(await lines('o2')).toBe(2);
  });

  it('the same key with another body is 422 and changes nothing', async () => {
    expect((await post('o3', line, { 'Idempotency-Key': 'k-3' })).status).toBe(201);
    const reused = await post('o3', { ...line, quantity: 4 }, { 'Idempotency-Key': 'k-3' });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ statusCode: 422, error: 'idempotency-key-reused' });
    expect(await lines('o3')).toBe(1);
  });

  it('a key belongs to its route and its caller: the same key elsewhere or from someone else is a new request', async () => {
    expect((await post('o4', line, { 'Idempotency-Key': 'k-4' })).status).toBe(201);
    expect((await post('o5', line, { 'Idempotency-Key': 'k-4' })).status).toBe(201);
    const other = await post('o4', line, { 'Idempotency-Key': 'k-4', 'x-test-user': 'grace' });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect([await lines('o4'), await lines('o5')]).toEqual([2, 1]);
  });

  it('a retry while the first request still runs is 409; once it finished, the retry gets its answer', async () => {
    let open!: () => void;
    controls.gate = new Promise<void>((resolve) => (open = resolve));
    const runs = controls.runs;
    const first = post('o6', line, { 'Idempotency-Key': 'k-6' });
    while (controls.runs === runs) await new Promise((resolve) => setImmediate(resolve));
    const duplicate = await post('o6', line, { 'Idempotency-Key': 'k-6' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ statusCode: 409, error: 'idempotency-key-in-flight' });
    open();
    const answer = await first;
    expect(answer.status).toBe(201);
    const retry = await post('o6', line, { 'Idempotency-Key': 'k-6' });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await answer.json());
    expect(await lines('o6')).toBe(1);
  });

  it('a failed request keeps nothing: its retry with the same key runs again', async () => {
    controls.failures = 1;
    expect((await post('o7', line, { 'Idempotency-Key': 'k-7' })).status).toBe(503);
    expect(await lines('o7')).toBe(0);
    const retry = await post('o7', line, { 'Idempotency-Key': 'k-7' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await lines('o7')).toBe(1);
  });

  it('refuses a key that is not 1 to 200 printable ASCII characters', async () => {
    for (const key of ['x'.repeat(201), 'with space']) {
      const response = await post('o8', line, { 'Idempotency-Key': key });
      expect(response.status).toBe(400);
    }
    expect(await lines('o8')).toBe(0);
  });

  it('a lease that lapsed (the process died mid-request) lets a retry run; a key past its retention is new', async () => {
    const keys = t.app.get(IdempotencyStore);
    const id: IdempotencyRecordId = { route: 'POST /direct', caller: 'anonymous', key: 'k-9' };
    const held = { retentionSeconds: 3600, leaseSeconds: 3600 };
    // A lease already over when taken: the next claim finds it lapsed, runs, and holds the key for an hour.
    expect(await keys.claim(id, 'h', { ...held, leaseSeconds: -1 })).toEqual({ kind: 'execute' });
    expect(await keys.claim(id, 'h', held)).toEqual({ kind: 'execute' });
    expect(await keys.claim(id, 'h', held)).toEqual({ kind: 'in-flight' });
    await keys.complete(id, 201, { ok: true });
    expect(await keys.claim(id, 'h', held)).toEqual({ kind: 'replay', statusCode: 201, body: { ok: true } });
    expect(await keys.claim(id, 'other', held)).toEqual({ kind: 'reused-with-another-request' });
    expect(await keys.claim(id, 'other', { ...held, retentionSeconds: 0 })).toEqual({ kind: 'execute' });
  });
});
