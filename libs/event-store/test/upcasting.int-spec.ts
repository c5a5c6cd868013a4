import { DRIVERS, openTestStore, waitForLogHorizon, type TestStore } from './test-store';
import { newEventId } from '../src/event-id';
import { PostgresEventStore } from '../src/postgres/postgres-event-store';
import { Processor } from '../src/processor/processor';
import type { RecordedEvent } from '../src/event.types';
import type { Upcaster } from '../src/upcasting';

/**
 * A call's length, recorded in minutes at v1, as an ISO-8601 duration at v2, with the channel at v3
 * (calls before v3 were phone calls). The store keeps what was written; every reader sees v3.
 */
const UPCASTERS: Upcaster[] = [
  {
    type: 'CallLogged',
    fromVersion: 1,
    upcast: (data) => {
      const { minutes, ...rest } = data as { minutes: number };
      return { ...rest, duration: `PT${minutes}M` };
    },
  },
  { type: 'CallLogged', fromVersion: 2, upcast: (data) => ({ ...(data as object), channel: 'phone' }) },
];

describe.each(DRIVERS)('upcasting on read on %s', (driver) => {
  let t: TestStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    t = await openTestStore(driver, 'upcasting');
    store = await PostgresEventStore.create(t.db, { upcasters: UPCASTERS });
  });
  afterAll(() => t.close());

  it('reads a stored v1 and a stored v2 event as v3 through every read path and a processor, and keeps the stored rows as written', async () => {
    const leadId = newEventId();
    const streamId = `call-${leadId}`;
    await store.appendToStream(streamId, [
      { type: 'CallLogged', data: { leadId, minutes: 12 }, metadata: { leadId } },
      { type: 'CallLogged', data: { leadId, duration: 'PT5M' }, metadata: { leadId, schemaVersion: 2 } },
      { type: 'CallNoted', data: { leadId, minutes: 3 }, metadata: { leadId } },
    ]);
    const current = [
      { type: 'CallLogged', data: { leadId, duration: 'PT12M', channel: 'phone' }, version: 3 },
      { type: 'CallLogged', data: { leadId, duration: 'PT5M', channel: 'phone' }, version: 3 },
      { type: 'CallNoted', data: { leadId, minutes: 3 }, version: 1 },
    ];
    const shape = (events: readonly RecordedEvent[]) =>
      events.map((e) => ({ type: e.type, data: e.data, version: e.metadata.schemaVersion }));

    const read = await store.readStream(streamId);
    expect(shape(read)).toEqual(current);
    expect(shape(await store.readEvents(read.map((e) => e.id)))).toEqual(current);
    await waitForLogHorizon(t.db);
    expect(shape((await store.readAll({ categories: ['call'] })).filter((e) => e.streamId === streamId))).toEqual(current);
    expect(shape(await t.db.transaction((tx) => store.inTransaction(tx).readStream(streamId)))).toEqual(current);
    // Kafka handlers get the verified stored copy through decode.
    expect(shape(await store.decode(await store.raw.readStream(streamId)))).toEqual(current);

    const handled: RecordedEvent[] = [];
    const processor = new Processor(t.db, store, {
      id: `upcast-${leadId}`,
      categories: ['call'],
      pollIntervalMs: 10,
      handle: async (events) => void handled.push(...events.filter((e) => e.streamId === streamId)),
    });
    await processor.start();
    try {
      await processor.waitForIdle(30_000);
    } finally {
      await processor.stop();
    }
    expect(shape(handled)).toEqual(current);

    // As stored: the rows, and the raw store the Kafka relay reads, keep the version they were written at.
    expect(shape(await store.raw.readStream(streamId))).toEqual([
      { type: 'CallLogged', data: { leadId, minutes: 12 }, version: 1 },
      { type: 'CallLogged', data: { leadId, duration: 'PT5M' }, version: 2 },
      { type: 'CallNoted', data: { leadId, minutes: 3 }, version: 1 },
    ]);
    const { rows } = await t.db.query<{ data: { minutes?: number }; schema_version: number }>(
      'select data, schema_version from event_store.events where stream_id = $1 order by stream_version',
      [streamId],
    );
    expect(rows.map((r) => r.schema_version)).toEqual([1, 2, 1]);
    expect(rows[0].data.minutes).toBe(12);
  });

  it('refuses two upcasters for the same step', async () => {
    await expect(PostgresEventStore.create(t.db, { migrate: false, upcasters: [UPCASTERS[0], UPCASTERS[0]] })).rejects.toThrow(
      'Two upcasters of CallLogged from v1',
    );
  });
});
