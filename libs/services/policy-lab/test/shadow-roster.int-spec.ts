import type { AssignmentDecision, PoolMember } from '@leadline/domain';
import { applyMigrations, createPgliteDatabase, migrateEventStore, type SqlDatabase } from '@leadline/event-store';
import { createTempDir } from '@leadline/testing';
import { rememberLoads } from '../src/shadow/shadow-roster';
import { POLICY_LAB_MIGRATIONS } from '../src/shadow/shadow.schema';

const member = (sdrId: string, openLeads: number, assignedThisWeek: number, lastAssignedAt: string | null): PoolMember => ({
  sdrId,
  openLeads,
  assignedThisWeek,
  weeklyCapacity: 100,
  lastAssignedAt,
});

const decision = (decidedAt: string, chosenSdrId: string, pool: PoolMember[]): AssignmentDecision => ({
  policyId: 'default',
  policyVersion: 1,
  seed: 1,
  decidedAt,
  lead: { team: 'inbound', territory: null, segment: 'smb' } as AssignmentDecision['lead'],
  pool,
  excluded: [],
  chosenSdrId,
  tieBreak: 'load',
});

type LoadRow = { sdr_id: string; open_leads: number; week_start: Date; assigned_this_week: number; last_assigned_at: Date | null };

describe('rememberLoads (PGlite): the pools of a batch of routing decisions, in one statement', () => {
  let db: SqlDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = await createTempDir('policy-lab-loads');
    db = await createPgliteDatabase(dir.path);
    await migrateEventStore(db);
    await applyMigrations(db, [POLICY_LAB_MIGRATIONS]);
    cleanup = async () => {
      await db.close();
      await dir.cleanup();
    };
  });
  afterAll(() => cleanup());

  const loads = async () =>
    (await db.query<LoadRow>('select * from policy_lab.shadow_sdr_loads order by sdr_id')).rows.map((r) => ({
      sdr: r.sdr_id,
      open: r.open_leads,
      week: new Date(r.week_start).toISOString(),
      thisWeek: r.assigned_this_week,
      last: r.last_assigned_at === null ? null : new Date(r.last_assigned_at).toISOString(),
    }));

  it('keeps, for an SDR in several pools, what the last decision recorded (the chosen one lead more); others as their last pool left them', async () => {
    await db.transaction((tx) =>
      rememberLoads(tx, [
        decision('2026-03-06T10:00:00.000Z', 'a', [member('a', 2, 5, null), member('b', 3, 4, '2026-03-05T09:00:00.000Z')]),
        // The next week (Monday 2026-03-09): a's count starts over in the pool the line recorded.
        decision('2026-03-09T08:00:00.000Z', 'c', [member('a', 3, 0, '2026-03-06T10:00:00.000Z'), member('c', 0, 0, null)]),
      ]),
    );
    expect(await loads()).toEqual([
      { sdr: 'a', open: 3, week: '2026-03-09T00:00:00.000Z', thisWeek: 0, last: '2026-03-06T10:00:00.000Z' },
      { sdr: 'b', open: 3, week: '2026-03-02T00:00:00.000Z', thisWeek: 4, last: '2026-03-05T09:00:00.000Z' },
      { sdr: 'c', open: 1, week: '2026-03-09T00:00:00.000Z', thisWeek: 1, last: '2026-03-09T08:00:00.000Z' },
    ]);
  });

  it('overwrites what an earlier batch remembered, and writes nothing for no decision or empty pools', async () => {
    await db.transaction(async (tx) => {
      await rememberLoads(tx, []);
      await rememberLoads(tx, [decision('2026-03-09T09:00:00.000Z', 'b', [])]);
    });
    expect((await loads()).map((l) => l.sdr)).toEqual(['a', 'b', 'c']);
    await db.transaction((tx) =>
      rememberLoads(tx, [decision('2026-03-09T09:30:00.000Z', 'b', [member('b', 3, 0, '2026-03-05T09:00:00.000Z')])]),
    );
    expect((await loads()).find((l) => l.sdr === 'b')).toEqual({
      sdr: 'b',
      open: 4,
      week: '2026-03-09T00:00:00.000Z',
      thisWeek: 1,
      last: '2026-03-09T09:30:00.000Z',
    });
  });
});
