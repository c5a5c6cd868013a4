import { waitFor } from '@leadline/testing';
import { DRIVERS, openTestStore, waitForLogHorizon, type TestStore } from './test-store';
import { EventIdConflictError, ExpectedVersionConflictError } from '../src/event-store.errors';
import { newEventId } from '../src/event-id';
import type { AppendResult } from '../src/event.types';
import { runAsReaction } from '../src/command/actor-context';
import { captureAppendContext } from '../src/tracing/append-context';

describe.each(DRIVERS)('group commit on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver, 'group-commit');
  });
  afterAll(() => t.close());

  const event = (n: number, id?: string) => ({ id, type: 'LeadNoted', data: { n }, metadata: { leadId: `L${n}` } });
  const stream = () => `lead-${newEventId()}`;

  it('writes concurrent appends to different streams in fewer commits than appends, each numbered on its own stream', async () => {
    const streams = Array.from({ length: 32 }, stream);
    const results = await Promise.all(
      streams.map((s, i) => t.store.appendToStream(s, [event(i), event(i + 100)], { expectedVersion: 'no-stream' })),
    );
    results.forEach((r, i) => {
      expect(r).toMatchObject({ written: true, nextExpectedVersion: 2 });
      expect(r.events.map((e) => [e.streamId, e.streamVersion, e.data])).toEqual([
        [streams[i], 1, { n: i }],
        [streams[i], 2, { n: i + 100 }],
      ]);
    });
    const commits = new Set(results.flatMap((r) => r.events.map((e) => e.transactionId)));
    expect(commits.size).toBeLessThan(streams.length);
    for (const [i, s] of streams.entries()) expect((await t.store.readStream(s)).map((e) => e.data)).toEqual([{ n: i }, { n: i + 100 }]);
  });

  it('lets the writers a finished batch releases share the next batch: 16 writers appending one event at a time commit once per round', async () => {
    const streams = Array.from({ length: 16 }, stream);
    const results = await Promise.all(
      streams.map(async (s, w) => {
        const written: AppendResult[] = [];
        for (let round = 0; round < 5; round++)
          written.push(await t.store.appendToStream(s, [event(w * 10 + round)], { expectedVersion: round }));
        return written;
      }),
    );
    for (const [w, rounds] of results.entries()) {
      expect(rounds.map((r) => r.nextExpectedVersion)).toEqual([1, 2, 3, 4, 5]);
      expect((await t.store.readStream(streams[w])).map((e) => e.data)).toEqual(rounds.map((_, round) => ({ n: w * 10 + round })));
    }
    // Each round's 16 appends arrive in one turn of the event loop, the turn in which the round before committed:
    // one batch, one commit. Taken the moment a slot was free, the first two of a round went alone.
    const commits = new Set(results.flatMap((rounds) => rounds.map((r) => r.events[0].transactionId)));
    expect(commits.size).toBe(5);
  });

  it('gives each append of a shared batch its own outcome: a stale version conflicts, a re-append writes nothing, the rest are written', async () => {
    const stale = stream();
    const again = stream();
    const reused = stream();
    await t.store.appendToStream(stale, [event(1), event(2)]);
    const stored = [event(3, newEventId()), event(4, newEventId())];
    const first = await t.store.appendToStream(again, stored);
    const owned = event(5, newEventId());
    await t.store.appendToStream(reused, [owned]);
    const fresh = Array.from({ length: 10 }, stream);

    const outcomes = await Promise.allSettled([
      ...fresh.slice(0, 5).map((s, i) => t.store.appendToStream(s, [event(i)], { expectedVersion: 'no-stream' })),
      t.store.appendToStream(stale, [event(6)], { expectedVersion: 1 }),
      t.store.appendToStream(again, stored),
      t.store.appendToStream(stream(), [owned, event(7)]),
      ...fresh.slice(5).map((s, i) => t.store.appendToStream(s, [event(i)], { expectedVersion: 'any' })),
    ]);
    const value = (i: number) => (outcomes[i] as PromiseFulfilledResult<AppendResult>).value;
    const reason = (i: number) => (outcomes[i] as PromiseRejectedResult).reason as unknown;
    for (const i of [0, 1, 2, 3, 4, 8, 9, 10, 11, 12]) expect(value(i)).toMatchObject({ written: true, nextExpectedVersion: 1 });
    expect(reason(5)).toBeInstanceOf(ExpectedVersionConflictError);
    expect(reason(5)).toMatchObject({ streamId: stale, actual: 2 });
    expect(value(6)).toMatchObject({ written: false, nextExpectedVersion: 2 });
    expect(value(6).events.map((e) => e.globalPosition)).toEqual(first.events.map((e) => e.globalPosition));
    expect(reason(7)).toBeInstanceOf(EventIdConflictError);
    expect(await t.store.readStream(stale)).toHaveLength(2);
    expect(await t.store.readStream(again)).toHaveLength(2);
    for (const s of fresh) expect(await t.store.readStream(s)).toHaveLength(1);
  });

  it('lets exactly one of concurrent appends at one expected version win while other streams share the batches', async () => {
    const contested = stream();
    await t.store.appendToStream(contested, [event(0)]);
    const others = Array.from({ length: 10 }, stream);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => t.store.appendToStream(contested, [event(i + 1)], { expectedVersion: 1 })),
      ...others.map((s, i) => t.store.appendToStream(s, [event(i)], { expectedVersion: 'no-stream' })),
    ]);
    const contestedOutcomes = outcomes.slice(0, 10);
    expect(contestedOutcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    contestedOutcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .forEach((o) => expect(o.reason).toBeInstanceOf(ExpectedVersionConflictError));
    expect(outcomes.slice(10).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(await t.store.readStream(contested)).toHaveLength(2);
  });

  it('keeps concurrent appends to one stream in order of arrival, each in a batch of its own', async () => {
    const s = stream();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.store.appendToStream(s, [event(i)])));
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await t.store.readStream(s)).map((e) => e.data)).toEqual(Array.from({ length: 8 }, (_, i) => ({ n: i })));
  });

  it('leaves every event of a shared commit to a reader following the global log, once', async () => {
    await waitForLogHorizon(t.db);
    const tail = await t.store.readLog({ maxCount: 100_000 });
    const streams = Array.from({ length: 40 }, stream);
    const written = await Promise.all(streams.map((s, i) => t.store.appendToStream(s, [event(i)])));
    const ids = written.flatMap((r) => r.events.map((e) => e.id));
    // Other databases' open transactions on a shared server hold the read horizon back for a moment.
    const read = await waitFor(
      async () => {
        const events = await t.store.readAll({ after: tail.checkpoint, maxCount: 100_000 });
        return events.length >= ids.length && events;
      },
      { message: 'the appended events below the read horizon' },
    );
    expect(read.map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('appends several new streams in a transaction in one statement, in the given order; an existing stream fails it whole', async () => {
    const streams = Array.from({ length: 5 }, stream);
    const results = await t.db.transaction((tx) =>
      t.store.inTransaction(tx).appendToNewStreams!(streams.map((s, i) => ({ streamId: s, events: [event(i), event(i + 10)] }))),
    );
    expect(results.map((r) => [r.written, r.nextExpectedVersion, r.events.map((e) => [e.streamId, e.streamVersion, e.data])])).toEqual(
      streams.map((s, i) => [
        true,
        2,
        [
          [s, 1, { n: i }],
          [s, 2, { n: i + 10 }],
        ],
      ]),
    );
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(new Set(results.flatMap((r) => r.events.map((e) => e.transactionId))).size).toBe(1);
    for (const [i, s] of streams.entries()) expect((await t.store.readStream(s)).map((e) => e.data)).toEqual([{ n: i }, { n: i + 10 }]);

    const fresh = [stream(), stream()];
    const existing = streams[2];
    const failed = t.db.transaction((tx) =>
      t.store.inTransaction(tx).appendToNewStreams!([fresh[0], existing, fresh[1]].map((s) => ({ streamId: s, events: [event(99)] }))),
    );
    await expect(failed).rejects.toBeInstanceOf(ExpectedVersionConflictError);
    await expect(failed).rejects.toMatchObject({ streamId: existing, expected: 'no-stream' });
    for (const s of fresh) expect(await t.store.readStream(s)).toEqual([]);
    expect(await t.store.readStream(existing)).toHaveLength(2);
  });
  it('appendToStreamsIfNew writes the new streams in one statement and leaves an existing one; each carries the actor it was decided under', async () => {
    const existing = stream();
    await t.store.appendToStream(existing, [event(1)]);
    const fresh = [stream(), stream()];
    const decided = [fresh[0], existing, fresh[1]].map((streamId, i) =>
      runAsReaction('batch-spec', { id: `cause-${i}`, type: 'LeadNoted' }, () => ({
        streamId,
        events: [event(50 + i)],
        context: captureAppendContext(),
      })),
    );
    const results = await t.db.transaction((tx) => t.store.inTransaction(tx).appendToStreamsIfNew!(decided));
    expect(results.map((r) => r?.events.map((e) => [e.streamId, e.streamVersion]))).toEqual([[[fresh[0], 1]], undefined, [[fresh[1], 1]]]);
    expect(new Set(results.map((r) => r?.events[0].transactionId).filter(Boolean)).size).toBe(1);
    expect((await t.store.readStream(existing)).map((e) => e.data)).toEqual([{ n: 1 }]);
    for (const [i, s] of [fresh[0], undefined, fresh[1]].entries()) {
      if (!s) continue;
      const [written] = await t.store.readStream(s);
      expect(written.metadata.actor).toEqual({
        kind: 'system',
        id: 'reaction:batch-spec',
        roles: [],
        cause: { eventId: `cause-${i}`, type: 'LeadNoted' },
      });
    }
  });
});
