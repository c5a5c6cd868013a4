import { randomUUID } from 'node:crypto';
import { weekStartUtc } from '@leadline/domain';
import { createPgDatabase, type SqlDatabase } from '@leadline/event-store';
import { preparedOnTheConnection } from '@leadline/event-store/testing';
import { scheduleTimers } from '@leadline/scheduling';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { recordAssignments } from '../src/assignment/assignment.repository';
import { loadRoster } from '../src/roster/roster.repository';
import { lockRouting } from '../src/roster/roster-snapshot';
import { migrateRouting } from '../src/routing.schema';

const AT = '2026-03-02T10:00:00.000Z';
const RUNS = 8; // more than PostgreSQL's five custom plans before it weighs a generic one

describe("routing's per-decision statements on a pg connection", () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('routing-prepared');
    // One connection: every statement of the pool runs on it, so its pg_prepared_statements shows them all.
    db = await createPgDatabase(database.url, { poolSize: 1 });
    await migrateRouting(db);
    await db.query(`insert into routing.sdrs (sdr_id, profile, time_off, updated_at) values ($1, $2, '[]', $3)`, [
      'ann',
      JSON.stringify({ sdrId: 'ann', team: 'inbound' }),
      AT,
    ]);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('lock, roster read and SLA timers run by name, the timers on a generic plan, and each decision counts once', async () => {
    for (let n = 0; n < RUNS; n++) {
      await db.transaction(async (tx) => {
        await lockRouting(tx);
        const roster = await loadRoster(tx, weekStartUtc(AT), 'inbound');
        expect(roster.map((entry) => [entry.sdrId, entry.openLeads, entry.assignedThisWeek])).toEqual([['ann', n, n]]);
        const leadId = randomUUID();
        const timerId = randomUUID();
        await recordAssignments(tx, [
          {
            eventId: randomUUID(),
            row: {
              leadId,
              sdrId: 'ann',
              team: 'inbound',
              source: 'inbound-web',
              segment: 'mid-market',
              territory: null,
              assignedAt: AT,
              slaDueAt: AT,
              slaTimerId: timerId,
            },
          },
        ]);
        await scheduleTimers(tx, [{ timerId, dueAt: AT, streamId: `lead-${leadId}`, event: { type: 'SlaDue', data: { leadId } } }]);
      });
    }
    const { rows } = await db.query<{ assignments: number; timers: number; open_leads: number; week: number }>(
      `select (select count(*)::int from routing.assignments) as assignments, (select count(*)::int from scheduling.timers) as timers,
              (select open_leads from routing.sdrs where sdr_id = 'ann') as open_leads,
              (select assigned from routing.sdr_week_counts where sdr_id = 'ann') as week`,
    );
    expect(rows[0]).toEqual({ assignments: RUNS, timers: RUNS, open_leads: RUNS, week: RUNS });

    const prepared = await preparedOnTheConnection(db);
    const named = (part: string) => prepared.filter((p) => p.statement.includes(part));
    for (const part of [
      "pg_advisory_xact_lock(hashtext('leadline.routing.decide'))",
      'from routing.sdrs s',
      'insert into scheduling.timers',
    ]) {
      expect(named(part).map((p) => p.runs)).toEqual([RUNS]);
    }
    // Parsed once and, after the first runs, not planned again: the generic plan is the custom one for a jsonb document.
    expect(named('insert into scheduling.timers')[0].generic).toBeGreaterThan(0);
    // The assignments' rows are planned per call: their delete from the waiting queue must follow its size.
    expect(named('insert into routing.assignments')).toEqual([]);
  });
});
