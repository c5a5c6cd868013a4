import { waitFor } from '@leadline/testing';
import { DRIVERS, openTestStore, type TestStore } from './test-store';
import type { EventStoreReader } from '../src/event-store.port';
import { categoryOf, type RecordedEvent } from '../src/event.types';
import { WatchedStream, type WatchedStreamOptions } from '../src/processor/watched-stream';
import { EVENTS_CHANNEL } from '../src/postgres/schema';
import type { SqlDatabase } from '../src/sql.port';

const versions = (events: RecordedEvent[]) => events.map((e) => (e.data as { v: number }).v);

/** The store's reads as a plain object, for a reader that replaces one of them. */
const readerOf = (store: EventStoreReader): EventStoreReader => ({
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  readEvents: (ids) => store.readEvents(ids),
  readStreams: (ids, options) => store.readStreams(ids, options),
});

describe.each(DRIVERS)('WatchedStream on %s', (driver) => {
  let t: TestStore;
  let heard: string[];
  let unlisten: () => Promise<void>;
  const opened: WatchedStream<number[]>[] = [];
  beforeAll(async () => {
    t = await openTestStore(driver, 'watched');
    heard = [];
    // The test's own listener on the channel: a notification it heard was handed to every listener in that process.
    unlisten = await t.db.listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
  });
  afterAll(async () => {
    await Promise.all(opened.map((watched) => watched.close()));
    await unlisten();
    await t.close();
  });

  /** A watched stream, listening. */
  const watching = async (streamId: string, options: WatchedStreamOptions = { maxAgeMs: 60_000 }, db: SqlDatabase = t.db) => {
    const watched = new WatchedStream(db, streamId, versions, options);
    opened.push(watched);
    await watched.start();
    return watched;
  };

  /** Appends `v` to `streamId` and waits until its notification reached the listeners. */
  const append = async (streamId: string, v: number) => {
    const since = heard.length;
    await t.store.appendToStream(streamId, [{ type: 'SettingChanged', data: { v } }]);
    const category = categoryOf(streamId);
    await waitFor(() => heard.slice(since).some((payload) => payload.startsWith(`${category}/`)), {
      message: `a ${category} notification`,
    });
  };

  it('reads the stream once, until an append to its category commits; other categories change nothing', async () => {
    const watched = await watching('setting-a');
    await append('setting-a', 1);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(await Promise.all([watched.read(t.store), watched.read(t.store)])).toEqual([[1], [1]]);
    expect(watched.reads).toBe(1);

    await append('other-a', 9);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(watched.reads).toBe(1);

    // Another stream of the category also makes it read again (the notification names categories, not streams).
    await append('setting-b', 7);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(watched.reads).toBe(2);

    await append('setting-a', 2);
    expect(await watched.read(t.store)).toEqual([1, 2]);
    expect(await watched.read(t.store)).toEqual([1, 2]);
    expect(watched.reads).toBe(3);
  });

  it('reads in the transaction it is given, and keeps what that read', async () => {
    const watched = await watching('setting-tx');
    await append('setting-tx', 1);
    expect(await t.db.transaction((tx) => watched.read(t.store.inTransaction(tx)))).toEqual([1]);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(watched.reads).toBe(1);
  });

  it('a first read in a transaction does not wait for the listener (one PGlite connection), and is not kept', async () => {
    const watched = new WatchedStream(t.db, 'setting-first', versions, { maxAgeMs: 60_000 });
    opened.push(watched);
    await append('setting-first', 1);
    expect(await t.db.transaction((tx) => watched.read(t.store.inTransaction(tx)))).toEqual([1]);
    expect(await watched.start()).toBe(true);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(await watched.read(t.store)).toEqual([1]);
    expect(watched.reads).toBe(2);
  });

  it('does not keep a read that was under way when an append was notified', async () => {
    const watched = await watching('setting-race');
    await append('setting-race', 1);
    // A reader whose read answers only when told to: the append commits and notifies while it is under way.
    let answer: (() => void) | undefined;
    const slow: EventStoreReader = {
      ...readerOf(t.store),
      readStream: async (streamId) => {
        const events = await t.store.readStream(streamId);
        await new Promise<void>((resolve) => (answer = resolve));
        return events;
      },
    };
    const reading = watched.read(slow);
    await waitFor(() => answer !== undefined, { message: 'the slow read under way' });
    await append('setting-race', 2);
    answer?.();
    expect(await reading).toEqual([1]);
    expect(await watched.read(t.store)).toEqual([1, 2]);
    expect(watched.reads).toBe(2);
  });

  it('reads again after maxAgeMs even when nothing was notified', async () => {
    let now = 1_000;
    const watched = await watching('setting-age', { maxAgeMs: 500, now: () => now });
    await append('setting-age', 1);
    expect(await watched.read(t.store)).toEqual([1]);
    now += 499;
    await watched.read(t.store);
    expect(watched.reads).toBe(1);
    now += 1;
    await watched.read(t.store);
    expect(watched.reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const watched = await watching('setting-fail');
    await append('setting-fail', 1);
    const failing: EventStoreReader = { ...readerOf(t.store), readStream: () => Promise.reject(new Error('read failed')) };
    await expect(watched.read(failing)).rejects.toThrow('read failed');
    expect(await watched.read(t.store)).toEqual([1]);
    expect(watched.reads).toBe(2);
  });

  it('without a listener (LISTEN refused) or once closed, every call reads', async () => {
    const refusing: SqlDatabase = { ...t.db, listen: () => Promise.reject(new Error('no LISTEN here')) };
    const unheard = await watching('setting-a', { maxAgeMs: 60_000 }, refusing);
    expect(await unheard.start()).toBe(false);
    await unheard.read(t.store);
    await unheard.read(t.store);
    expect(unheard.reads).toBe(2);

    const closed = await watching('setting-a');
    await closed.read(t.store);
    await closed.close();
    await closed.read(t.store);
    expect(closed.reads).toBe(2);
  });
});
