import { waitFor } from '@leadline/testing';
import { DRIVERS, openTestStore, waitForLogHorizon, type TestStore } from './test-store';
import { EventIdConflictError, ExpectedVersionConflictError } from '../src/event-store.errors';
import { newEventId } from '../src/event-id';
import type { AppendResult, ExpectedVersion } from '../src/event.types';
import type { EventStoreWriter } from '../src/event-store.port';
import { EVENTS_CHANNEL } from '../src/postgres/schema';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';

describe.each(DRIVERS)('PostgresEventStore on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'store');
  });
  afterAll(() => t.close());

  const event = (n: number) => ({ type: 'LeadNoted', data: { n }, metadata: { leadId: 'L1' } });

  const expectations: Array<[string, number, ExpectedVersion, boolean]> = [
    ['any on a new stream', 0, 'any', true],
    ['any on an existing stream', 2, 'any', true],
    ['no-stream on a new stream', 0, 'no-stream', true],
    ['no-stream on an existing stream', 1, 'no-stream', false],
    ['stream-exists on a new stream', 0, 'stream-exists', false],
    ['stream-exists on an existing stream', 1, 'stream-exists', true],
    ['exact version that matches', 3, 3, true],
    ['exact version that is stale', 3, 2, false],
    ['exact version ahead of the stream', 1, 4, false],
    ['exact 0 on a new stream', 0, 0, true],
  ];
  // Alone (group commit, one statement) and inside a caller's transaction (the locking path).
  it.each(expectations.flatMap((row) => [[...row, 'alone'] as const, [...row, 'in a transaction'] as const]))(
    'expected version: %s (%s)',
    async (_name, existing, expected, succeeds, how) => {
      const streamId = `lead-${newEventId()}`;
      for (let i = 0; i < existing; i++) await t.store.appendToStream(streamId, [event(i)]);
      const append =
        how === 'alone'
          ? t.store.appendToStream(streamId, [event(99)], { expectedVersion: expected })
          : t.db.transaction((tx) => t.store.inTransaction(tx).appendToStream(streamId, [event(99)], { expectedVersion: expected }));
      if (succeeds) {
        const result = await append;
        expect(result).toMatchObject({ nextExpectedVersion: existing + 1, written: true });
        expect((await t.store.readStream(streamId)).map((e) => e.globalPosition)).toContainEqual(result.events[0].globalPosition);
      } else {
        const error = await append.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ExpectedVersionConflictError);
        expect(error).toMatchObject({ streamId, expected, actual: existing });
      }
      expect(await t.store.readStream(streamId)).toHaveLength(existing + (succeeds ? 1 : 0));
    },
  );

  it('notifies `<category>/<event type>` once per type an append writes, in and out of transactions', async () => {
    const heard: string[] = [];
    const unlisten = await t.db.listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
    try {
      const category = `notified${newEventId().slice(0, 8)}`;
      await t.store.appendToStream(`${category}-1`, [
        { type: 'Said', data: {} },
        { type: 'Said', data: {} },
        { type: 'Shouted', data: {} },
      ]);
      await t.db.transaction((tx) => t.store.inTransaction(tx).appendToStream(`${category}-2`, [{ type: 'Whispered', data: {} }]));
      const ours = () => heard.filter((p) => p.startsWith(`${category}/`)).sort();
      await waitFor(() => ours().length >= 3, { message: 'the notifications of both appends' });
      expect(ours()).toEqual([`${category}/Said`, `${category}/Shouted`, `${category}/Whispered`]);
    } finally {
      await unlisten();
    }
  });

  it('lets exactly one of 20 concurrent appends at the same expected version win', async () => {
    const streamId = `lead-${newEventId()}`;
    await t.store.appendToStream(streamId, [event(0)]);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => t.store.appendToStream(streamId, [event(i + 1)], { expectedVersion: 1 })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    lost.forEach((r) => expect(r.reason).toBeInstanceOf(ExpectedVersionConflictError));
    expect(await t.store.readStream(streamId)).toHaveLength(2);
  });

  it('writes nothing when the same event ids are appended again, even concurrently', async () => {
    const streamId = `lead-${newEventId()}`;
    const events = [0, 1, 2].map((n) => ({ ...event(n), id: newEventId() }));
    const first = await t.store.appendToStream(streamId, events, { expectedVersion: 'no-stream' });
    const again = await Promise.all(
      Array.from({ length: 5 }, () => t.store.appendToStream(streamId, events, { expectedVersion: 'no-stream' })),
    );
    again.forEach((r) => expect(r).toMatchObject({ written: false, nextExpectedVersion: 3 }));
    expect(again[0].events.map((e) => e.globalPosition)).toEqual(first.events.map((e) => e.globalPosition));
    expect(await t.store.readStream(streamId)).toHaveLength(3);
    // The global log shows them once no older transaction of the server is open (another client's may be).
    await waitForLogHorizon(t.db);
    const global = await t.store.readAll({ eventTypes: ['LeadNoted'], maxCount: 100_000 });
    expect(global.filter((e) => e.streamId === streamId)).toHaveLength(3);
  });

  it('refuses an append that reuses only some stored ids', async () => {
    const streamId = `lead-${newEventId()}`;
    const stored = { ...event(0), id: newEventId() };
    await t.store.appendToStream(streamId, [stored]);
    await expect(t.store.appendToStream(streamId, [stored, event(1)])).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it('appends in a caller transaction: new events, a re-append of stored ids, reused ids and a stale version', async () => {
    const streamId = `lead-${newEventId()}`;
    const events = [0, 1].map((n) => ({ ...event(n), id: newEventId() }));
    const inTx = (work: (store: EventStoreWriter) => Promise<AppendResult>) => t.db.transaction((tx) => work(t.store.inTransaction(tx)));
    const first = await inTx((store) => store.appendToStream(streamId, events, { expectedVersion: 'no-stream' }));
    expect(first).toMatchObject({ written: true, nextExpectedVersion: 2 });
    // Stored ids answer before the version: the same append again is a no-op, whatever it expected.
    const again = await inTx((store) => store.appendToStream(streamId, events, { expectedVersion: 'no-stream' }));
    expect(again).toMatchObject({ written: false, nextExpectedVersion: 2 });
    expect(again.events.map((e) => e.globalPosition)).toEqual(first.events.map((e) => e.globalPosition));
    await expect(inTx((store) => store.appendToStream(streamId, [events[0], event(2)]))).rejects.toBeInstanceOf(EventIdConflictError);
    // An id stored in another stream: refused too, also when the stream it is appended to is new.
    await expect(inTx((store) => store.appendToStream(`lead-${newEventId()}`, [events[1]]))).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(inTx((store) => store.appendToStream(streamId, [event(3)], { expectedVersion: 1 }))).rejects.toMatchObject({
      streamId,
      expected: 1,
      actual: 2,
    });
    await expect(inTx((store) => store.appendToStream(streamId, [event(4)], { expectedVersion: 2 }))).resolves.toMatchObject({
      written: true,
      nextExpectedVersion: 3,
    });
    expect((await t.store.readStream(streamId)).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 4 }]);
  });

  it('reads a stream forwards and backwards from a version', async () => {
    const streamId = `lead-${newEventId()}`;
    await t.store.appendToStream(streamId, [0, 1, 2, 3, 4].map(event));
    const versions = (events: { streamVersion: number }[]) => events.map((e) => e.streamVersion);
    expect(versions(await t.store.readStream(streamId))).toEqual([1, 2, 3, 4, 5]);
    expect(versions(await t.store.readStream(streamId, { fromVersion: 3, maxCount: 2 }))).toEqual([3, 4]);
    expect(versions(await t.store.readStream(streamId, { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1]);
    expect(versions(await t.store.readStream(streamId, { direction: 'backwards', fromVersion: 2 }))).toEqual([2, 1]);
    expect(await t.store.readStream('lead-missing')).toEqual([]);
  });

  it('reads several streams in one call, by stream then version, optionally only some event types', async () => {
    const [a, b, missing] = [`lead-${newEventId()}`, `enrichment-${newEventId()}`, `lead-${newEventId()}`];
    await t.store.appendToStream(a, [event(1), event(2)]);
    await t.store.appendToStream(b, [{ type: 'LeadEnriched', data: { n: 3 } }, event(4)]);
    const all = await t.store.readStreams([b, missing, a, a]);
    const sorted = [a, b].sort();
    expect(all.map((e) => [e.streamId, e.streamVersion])).toEqual([
      [sorted[0], 1],
      [sorted[0], 2],
      [sorted[1], 1],
      [sorted[1], 2],
    ]);
    expect((await t.store.readStreams([a, b], { eventTypes: ['LeadEnriched'] })).map((e) => e.data)).toEqual([{ n: 3 }]);
    expect(await t.store.readStreams([])).toEqual([]);
    const inTx = await t.db.transaction((tx) => t.store.inTransaction(tx).readStreams([a]));
    expect(inTx).toEqual(await t.store.readStream(a));
  });

  it('records metadata: lead, correlation, causation, schema version and time', async () => {
    const streamId = `assignment-${newEventId()}`;
    const [recorded] = (
      await t.store.appendToStream(streamId, [
        {
          type: 'LeadAssigned',
          data: { sdr: 'ana' },
          metadata: { leadId: 'L9', correlationId: 'c-1', causationId: 'e-0', schemaVersion: 2 },
        },
      ])
    ).events;
    const [read] = await t.store.readStream(streamId);
    expect(read).toEqual(recorded);
    expect(read).toMatchObject({
      category: 'assignment',
      type: 'LeadAssigned',
      data: { sdr: 'ana' },
      metadata: { leadId: 'L9', correlationId: 'c-1', causationId: 'e-0', schemaVersion: 2 },
    });
    expect(read.recordedAt).toBeInstanceOf(Date);
    const byLead = await t.db.query<{ n: string }>(
      `select count(*)::text as n from event_store.events where lead_id = 'L9' and correlation_id = 'c-1' and causation_id = 'e-0'`,
    );
    expect(byLead.rows[0].n).toBe('1');
  });

  it('reads the global log from a checkpoint, filtered by category or event type', async () => {
    const run = newEventId().slice(0, 8);
    // The log's head: past every event written so far once the horizon has passed them.
    await waitForLogHorizon(t.db);
    const tail = await t.store.readLog({ maxCount: 100_000 });
    await t.store.appendToStream(`score${run}-1`, [{ type: `Scored${run}`, data: {} }]);
    await t.store.appendToStream(`route${run}-1`, [
      { type: `Routed${run}`, data: {} },
      { type: `Routed${run}`, data: {} },
    ]);
    await t.store.appendToStream(`score${run}-2`, [{ type: `Scored${run}`, data: {} }]);
    await waitForLogHorizon(t.db);

    const after = tail.checkpoint;
    expect((await t.store.readAll({ after })).map((e) => e.type)).toEqual([`Scored${run}`, `Routed${run}`, `Routed${run}`, `Scored${run}`]);
    expect((await t.store.readAll({ after, categories: [`score${run}`] })).map((e) => e.streamId)).toEqual([
      `score${run}-1`,
      `score${run}-2`,
    ]);
    expect(await t.store.readAll({ after, eventTypes: [`Routed${run}`] })).toHaveLength(2);

    const page = await t.store.readLog({ after, categories: [`score${run}`], maxCount: 1 });
    expect(page.events).toHaveLength(1);
    const rest = await t.store.readLog({ after: page.checkpoint, categories: [`score${run}`] });
    expect(rest.events.map((e) => e.streamId)).toEqual([`score${run}-2`]);
    // A filtered read that found everything moves its checkpoint to the head, past non-matching events.
    const empty = await t.store.readLog({ after: rest.checkpoint, categories: [`score${run}`] });
    expect(empty.events).toEqual([]);
    expect(empty.checkpoint).toEqual(rest.checkpoint);
  });

  it('moves a filtered read that is not full past the non-matching events below the horizon, in one statement', async () => {
    const run = newEventId().slice(0, 8);
    const { checkpoint: from } = await t.store.readLog({ maxCount: 100_000 });
    const matching = await t.store.appendToStream(`score${run}-1`, [{ type: `Scored${run}`, data: {} }]);
    const other = await t.store.appendToStream(`route${run}-1`, [
      { type: `Routed${run}`, data: {} },
      { type: `Routed${run}`, data: {} },
    ]);
    const last = other.events[1];
    let statements = 0;
    const counted = await PostgresEventStore.create(
      { ...t.db, query: (text, params) => ((statements += 1), t.db.query(text, params)) },
      { migrate: false },
    );
    // On a server another transaction may hold the horizon back for a moment: read again until it has passed.
    const page = await waitFor(
      async () => {
        statements = 0;
        const read = await counted.readLog({ after: from, categories: [`score${run}`], eventTypes: [`Scored${run}`] });
        return read.checkpoint.position === last.globalPosition ? read : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(page.events.map((e) => e.id)).toEqual([matching.events[0].id]);
    expect(page.checkpoint).toEqual({ transactionId: last.transactionId, position: last.globalPosition });
    expect(statements).toBe(1);
    const none = await counted.readLog({ after: from, categories: [`nothing${run}`] });
    expect(none).toEqual({ events: [], checkpoint: page.checkpoint });
  });
});
