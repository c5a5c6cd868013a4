import { Controller, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { deriveEventId, SQL_DATABASE, type RecordedEvent, type SqlDatabase } from '@leadline/event-store';
import type { StoreLogTransport } from '@leadline/messaging';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { waitFor } from '@leadline/testing';
import { EVENT_TRANSPORT } from '../src/platform.tokens';
import type { ServiceDescriptor } from '../src/service-descriptor';
import { EventContext } from '../src/reactions/event-context';
import { EventLogServer } from '../src/reactions/event-log.server';

const attempts = new Map<string, number>();

@Controller()
class ThingReactions implements OnModuleInit {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await this.db.query('create table if not exists reactions (reactor text, event_id text, primary key (reactor, event_id))');
  }

  // Fails on its first delivery of each event, after writing: the write must roll back with the delivery.
  @EventPattern({ subscription: 'test-things', category: 'thing', type: 'ThingHappened' })
  async onThing(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    await ctx.tx.query(`insert into reactions values ('subscription', $1)`, [event.id]);
    await ctx.store.appendToStream(`echo-${event.id}`, [{ id: deriveEventId(event.id, 'echo'), type: 'ThingEchoed', data: {} }]);
    const attempt = (attempts.get(event.id) ?? 0) + 1;
    attempts.set(event.id, attempt);
    if (attempt === 1) throw new Error(`first delivery of ${event.id} fails`);
  }

  @EventPattern({ processor: 'test-thing-echoes', category: 'echo', type: 'ThingEchoed' })
  async onEcho(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    await ctx.tx.query(`insert into reactions values ('processor', $1)`, [event.id]);
  }

  @EventPattern({ subscription: 'test-poison', category: 'poison', type: 'PoisonSwallowed' })
  onPoison(): never {
    throw new Error('this handler always fails');
  }
}

@Module({ controllers: [ThingReactions] })
class ThingsModule {}

const service = (module: ServiceDescriptor['module']): ServiceDescriptor => ({ name: 'things', module, ownedCategories: ['thing'] });

describe('@EventPattern handlers served by the event log strategy (embedded, PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp([service(ThingsModule)], 'pglite', 'event-log-server');
  });
  afterAll(() => t?.close());

  const rows = async (reactor: string) =>
    (await t.db.query<{ event_id: string }>('select event_id from reactions where reactor = $1 order by event_id', [reactor])).rows.map(
      (r) => r.event_id,
    );

  it('gives a subscription the event and its transaction; a failed delivery rolls back and is retried, so the effect happens once', async () => {
    const { events } = await t.store.appendToStream('thing-1', [
      { type: 'ThingHappened', data: { n: 1 } },
      { type: 'ThingIgnored', data: {} },
      { type: 'ThingHappened', data: { n: 2 } },
    ]);
    const happened = [events[0].id, events[2].id].sort();
    await waitFor(async () => (await rows('subscription')).length === 2, { message: 'both ThingHappened handled' });
    expect(await rows('subscription')).toEqual(happened);
    // A batch shares a transaction: a failure rolls back and retries the others delivered with it too.
    for (const id of happened) expect(attempts.get(id)).toBeGreaterThanOrEqual(2);
    expect(await t.countEvents('echo')).toBe(2);
  });

  it('runs a processor on the store log over the events a subscription appended', async () => {
    await waitFor(async () => (await rows('processor')).length === 2, { message: 'both echoes processed' });
    expect(t.app.get(EventLogServer).processor('test-thing-echoes')?.status().lastError).toBeUndefined();
  });

  it("hands the handler's own error back to the transport, which keeps the delivery for a retry", async () => {
    await t.store.appendToStream('poison-1', [{ type: 'PoisonSwallowed', data: {} }]);
    const processor = (t.app.get(EVENT_TRANSPORT) as StoreLogTransport).processor('test-poison');
    await waitFor(async () => processor?.status().lastError !== undefined, { message: 'the poison failed' });
    expect(processor?.status().lastError).toBe('this handler always fails');
  });
});

describe('the event log strategy refuses what it cannot serve', () => {
  @Controller()
  class Unnamed {
    @EventPattern('ThingHappened')
    onThing(): void {}
  }
  @Controller()
  class RequestReply {
    @MessagePattern({ subscription: 'x', category: 'thing', type: 'ThingHappened' })
    onThing(): string {
      return 'a reply';
    }
  }

  it.each([
    ['a pattern that names no subscription or processor', Unnamed, 'An event pattern is { subscription | processor, category, type }'],
    ['a request-reply @MessagePattern', RequestReply, 'Only @EventPattern handlers are served from the event log'],
  ])('%s stops the start', async (_what, controller, message) => {
    @Module({ controllers: [controller] })
    class Refused {}
    await expect(startTestApp([service(Refused)], 'pglite', 'event-log-refuses')).rejects.toThrow(message);
  });
});
