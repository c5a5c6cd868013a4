import type { RecordedEvent, SqlDatabase } from '@leadline/event-store';
import { ROUTING_READ_MODEL } from '../src/read-models/routing/routing.read-model';
import { applyEvents, createSchema, dumpTables, openDatabase } from './fixtures/apply-history';
import { recordedEvent } from './fixtures/recorded-event';
import { DRIVERS } from './drivers';

/**
 * Issue 10: the per-activity first-touch flag follows `FirstTouchMoved`, so one activity of an
 * assignment carries it, the earliest by the time it happened, however the activities arrived;
 * as known at an earlier moment it is what was known then; every batch cut (live or rebuilt) agrees.
 */
const recorded = (position: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, position));
const ev = (position: number, type: string, data: Record<string, unknown>): RecordedEvent =>
  recordedEvent('f', position, type, 'assignment-L', { leadId: 'L', ...data }, { recordedAt: recorded(position), leadId: 'L' });
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const logged = (position: number, activityId: string, minute: number, firstTouch: boolean) =>
  ev(position, 'ActivityLogged', { activityId, sdrId: 's1', kind: 'call', outcome: 'no-answer', notes: null, firstTouch, at: at(minute) });
const moved = (position: number, activityId: string, minute: number, fromActivityId: string, fromMinute: number) =>
  ev(position, 'FirstTouchMoved', { sdrId: 's1', activityId, at: at(minute), fromActivityId, fromAt: at(fromMinute) });

const EVENTS = [
  logged(1, 'a1', 10, true),
  logged(2, 'a3', 20, false),
  // Logged later, happened earlier: a2 takes the first touch over from a1, then a0 from a2.
  logged(3, 'a2', 5, true),
  moved(4, 'a2', 5, 'a1', 10),
  logged(5, 'a0', 3, true),
  moved(6, 'a0', 3, 'a2', 5),
];
const MODELS = [ROUTING_READ_MODEL];

describe.each(DRIVERS)('metrics activities: the first touch follows FirstTouchMoved (%s)', (driver) => {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;
  const flags = async (schema: string, knownAt: Date | null) => {
    const { rows } = await db.query<{ activity_id: string; first_touch: boolean }>(
      `SELECT activity_id,
              (first_touch OR first_touch_until IS NOT NULL)
                AND (first_touch_until IS NULL OR first_touch_until > COALESCE($1::timestamptz, 'infinity')) AS first_touch
         FROM ${schema}.activities
        WHERE $1::timestamptz IS NULL OR recorded_at <= $1::timestamptz
        ORDER BY activity_id`,
      [knownAt?.toISOString() ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.activity_id, r.first_touch]));
  };

  beforeAll(async () => {
    ({ db, cleanup } = await openDatabase(driver, 'metrics-first-touch'));
    for (const [schema, batch] of [
      ['one_by_one', 1],
      ['pairs', 2],
      ['rebuilt', EVENTS.length],
    ] as const) {
      await createSchema(db, schema, MODELS);
      await applyEvents(db, schema, EVENTS, batch, MODELS);
    }
  });
  afterAll(() => cleanup?.());

  it('flags only the earliest activity by the time it happened, with when the others lost it', async () => {
    const { rows } = await db.query<{ activity_id: string; first_touch: boolean; first_touch_until: Date | string | null }>(
      `SELECT activity_id, first_touch, first_touch_until FROM one_by_one.activities ORDER BY at`,
    );
    expect(rows.map((r) => [r.activity_id, r.first_touch, r.first_touch_until && new Date(r.first_touch_until).toISOString()])).toEqual([
      ['a0', true, null],
      ['a2', false, recorded(6).toISOString()],
      ['a1', false, recorded(4).toISOString()],
      ['a3', false, null],
    ]);
  });

  it('as known at a moment between the moves, the flag is where it was then', async () => {
    expect(await flags('one_by_one', recorded(3))).toEqual({ a1: true, a2: true, a3: false });
    expect(await flags('one_by_one', recorded(4))).toEqual({ a1: false, a2: true, a3: false });
    expect(await flags('one_by_one', recorded(5))).toEqual({ a0: true, a1: false, a2: true, a3: false });
    expect(await flags('one_by_one', null)).toEqual({ a0: true, a1: false, a2: false, a3: false });
  });

  it('gives the same rows whatever the batch cut: live equals rebuilt', async () => {
    const live = await dumpTables(db, 'one_by_one', MODELS);
    expect(await dumpTables(db, 'pairs', MODELS)).toEqual(live);
    expect(await dumpTables(db, 'rebuilt', MODELS)).toEqual(live);
  });
});
