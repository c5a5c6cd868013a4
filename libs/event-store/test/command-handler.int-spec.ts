import { DRIVERS, openTestStore, type TestStore } from './test-store';
import { deriveEventId, newEventId } from '../src/event-id';
import { ExpectedVersionConflictError } from '../src/event-store.errors';
import { handleCommand, runInTransaction, type StreamFold } from '../src/command/command-handler';

interface Counted {
  readonly type: 'Counted';
  readonly data: { readonly by: number };
}
interface Count {
  readonly total: number;
  readonly events: number;
}

const counter: StreamFold<Count, Counted> = {
  initialState: () => ({ total: 0, events: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by, events: state.events + 1 }),
};
const count = (by: number): Counted => ({ type: 'Counted', data: { by } });
const stream = () => `counter-${newEventId()}`;

describe.each(DRIVERS)('handleCommand on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'command-handler');
  });
  afterAll(() => t.close());
  const own = () => t.store;

  it('decides on the folded stream and appends at the version it read, with the given ids and metadata', async () => {
    const id = stream();
    await t.store.appendToStream(id, [count(2), count(3)]);
    const seen: number[] = [];
    const result = await handleCommand(
      own(),
      id,
      counter,
      (state, read) => {
        seen.push(state.total, read.version);
        return [count(state.total)];
      },
      { eventId: (_e, i) => deriveEventId('cause', String(i)), metadata: { leadId: 'L1', correlationId: 'C1', causationId: 'cause' } },
    );
    expect(seen).toEqual([5, 2]);
    expect(result).toMatchObject({ newState: { total: 10, events: 3 }, nextExpectedVersion: 3, written: true });
    const [stored] = await t.store.readStream(id, { fromVersion: 3 });
    expect(stored).toMatchObject({
      id: deriveEventId('cause', '0'),
      data: { by: 5 },
      metadata: { leadId: 'L1', correlationId: 'C1', causationId: 'cause' },
    });
    expect(result.recorded.map((e) => e.id)).toEqual([stored.id]);
  });

  it('appends nothing when the decision is empty', async () => {
    const id = stream();
    const result = await handleCommand(own(), id, counter, () => []);
    expect(result).toMatchObject({ newState: { total: 0 }, nextExpectedVersion: 0, written: false, recorded: [] });
    expect(await t.store.readStream(id)).toEqual([]);
  });

  it('re-appending a decision with ids derived from the same cause is a no-op (a redelivery)', async () => {
    const id = stream();
    const once = () => handleCommand(own(), id, counter, () => [count(1)], { eventId: () => deriveEventId('delivery-1', 'counted') });
    await once();
    const again = await once();
    expect(again).toMatchObject({ written: false, nextExpectedVersion: 1, newState: { total: 1, events: 1 } });
    expect(await t.store.readStream(id)).toHaveLength(1);
  });

  it('on a version conflict rolls its own transaction back and runs again on fresh state, when allowed', async () => {
    const id = stream();
    let attempts = 0;
    const result = await runInTransaction(
      own(),
      (ctx) =>
        handleCommand(ctx, id, counter, async (state) => {
          attempts += 1;
          // A writer slips in between the read and the append; it rolls back with the attempt.
          if (attempts === 1) await ctx.store.appendToStream(id, [count(100)]);
          return [count(state.total + 1)];
        }),
      { retries: 1 },
    );
    expect(attempts).toBe(2);
    expect(result).toMatchObject({ newState: { total: 1 }, nextExpectedVersion: 1, written: true });
    expect((await t.store.readStream(id)).map((e) => e.data)).toEqual([{ by: 1 }]);
  });

  it('throws the conflict when no retry is allowed, and rolls back what the transaction wrote', async () => {
    const id = stream();
    const error = await runInTransaction(own(), async (ctx) => {
      await ctx.store.appendToStream(id, [count(7)]);
      return handleCommand(ctx, id, counter, async () => {
        await ctx.store.appendToStream(id, [count(8)]);
        return [count(9)];
      });
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExpectedVersionConflictError);
    expect(await t.store.readStream(id)).toEqual([]);
  });

  it("runs in a caller's transaction: the caller's failure rolls its appends back, and a conflict is the caller's to handle", async () => {
    const id = stream();
    await expect(
      t.db.transaction(async (tx) => {
        await handleCommand({ tx, store: t.store.inTransaction(tx) }, id, counter, () => [count(1)]);
        throw new Error('the caller failed after the append');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await t.store.readStream(id)).toEqual([]);

    let attempts = 0;
    const conflict = await t.db
      .transaction(async (tx) => {
        const ctx = { tx, store: t.store.inTransaction(tx) };
        return handleCommand(
          ctx,
          id,
          counter,
          async () => {
            attempts += 1;
            await ctx.store.appendToStream(id, [count(5)]);
            return [count(1)];
          },
          { retries: 3 },
        );
      })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ExpectedVersionConflictError);
    expect(attempts).toBe(1);
    expect(await t.store.readStream(id)).toEqual([]);
  });

  it('decides on a history the caller has just read, without reading the stream again; a write since that read conflicts', async () => {
    const id = stream();
    await t.store.appendToStream(id, [count(2), count(3)]);
    const decided = await t.db.transaction(async (tx) => {
      const ctx = { tx, store: t.store.inTransaction(tx) };
      const history = (await ctx.store.readStreams([id, `${id}-other`])).filter((e) => e.streamId === id);
      const reads = jest.spyOn(ctx.store, 'readStream');
      const seen: number[] = [];
      const result = await handleCommand(
        ctx,
        id,
        counter,
        (state, read) => {
          seen.push(state.total, read.version);
          return [count(1)];
        },
        { history },
      );
      expect(reads).not.toHaveBeenCalled();
      return { seen, result };
    });
    expect(decided.seen).toEqual([5, 2]);
    expect(decided.result).toMatchObject({ newState: { total: 6, events: 3 }, nextExpectedVersion: 3, written: true });

    // The history is stale: the stream moved on after it was read, so the append conflicts.
    const stale = await t.store.readStream(id);
    await t.store.appendToStream(id, [count(10)]);
    const conflict = await t.db
      .transaction((tx) => handleCommand({ tx, store: t.store.inTransaction(tx) }, id, counter, () => [count(1)], { history: stale }))
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ExpectedVersionConflictError);
    expect(await t.store.readStream(id)).toHaveLength(4);
  });
});

describe('handleCommand on pg with a concurrent writer', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pg', 'command-handler-race');
  });
  afterAll(() => t.close());

  it('a commit between the read and the append makes the append conflict; the retry decides on the state that includes it', async () => {
    const id = stream();
    const decidedOn: number[] = [];
    const result = await handleCommand(
      t.store,
      id,
      counter,
      async (state) => {
        decidedOn.push(state.total);
        // Another connection commits while this transaction has only read.
        if (decidedOn.length === 1) await t.store.appendToStream(id, [count(10)]);
        return [count(state.total)];
      },
      { retries: 2 },
    );
    expect(decidedOn).toEqual([0, 10]);
    expect(result).toMatchObject({ newState: { total: 20, events: 2 }, nextExpectedVersion: 2 });
  });
});
