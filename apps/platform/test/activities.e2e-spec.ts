import { foldAssignment, type ActivityLogged, type AssignmentEvent, type FirstTouchMoved } from '@leadline/domain';
import { domainEventsOf } from '@leadline/event-store';
import type { RecordedEvent } from '@leadline/event-store';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { VirtualClock } from '@leadline/scheduling';
import { createEnrichmentService } from '@leadline/service-enrichment';
import { createLeadIntakeService } from '@leadline/service-lead-intake';
import { createMetricsService } from '@leadline/service-metrics';
import { createRoutingService } from '@leadline/service-routing';
import { createScoringService } from '@leadline/service-scoring';
import { waitFor } from '@leadline/testing';

// Monday 2 March 2026, 09:00 UTC.
const START = '2026-03-02T09:00:00.000Z';

const sdr = {
  sdrId: 'ada',
  name: 'Ada',
  email: 'ada@sales.example',
  managerEmail: 'boss@sales.example',
  team: 'inbound',
  territories: ['*'],
  segments: ['*'],
  workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
  timeZone: 'UTC',
};

const lead = (n: number) => ({
  source: 'demo-request',
  contact: {
    firstName: 'Pat',
    lastName: `Prospect${n}`,
    email: `pat${n}@prospect${n}.com`,
    phone: `+1 415 555 01${10 + n}`,
    title: 'VP Sales',
  },
  company: { name: `Prospect ${n} Inc`, website: `https://prospect${n}.com`, country: 'US' },
  consent: true,
});

/** An SDR's activities through the public API of the line (intake → enrichment → scoring → routing), read back by metrics. */
describe('activities on PostgreSQL: a retried post is one activity, the first touch is the earliest', () => {
  const clock = new VirtualClock(START);
  let t: TestApp;
  const http = () => t.http();
  const activities = async (leadId: string) =>
    (await t.store.readStream(`assignment-${leadId}`)).filter((e) => e.type === 'ActivityLogged') as RecordedEvent<
      string,
      ActivityLogged['data']
    >[];

  const assignedLead = async (n: number): Promise<string> => {
    const { body } = await http().post('/leads').send(lead(n)).expect(202);
    await waitFor(async () => (await http().get(`/leads/${body.leadId}`)).body.ownerSdrId === 'ada', {
      timeoutMs: 30_000,
      message: `lead ${n} assigned to ada`,
    });
    return body.leadId as string;
  };

  const sdrStats = async () => {
    const { body } = await http()
      .get('/metrics/sdrs')
      .query({ sdrId: 'ada', period: 'day', from: '2026-03-02', to: '2026-03-03' })
      .expect(200);
    return body.rows as { calls: number; emails: number; activities: number; leadsAssigned: number }[];
  };

  beforeAll(async () => {
    const env = { METRICS_POLL_MS: '20', METRICS_ANALYST_ROLE: 'off', ROUTING_TIMER_POLL_MS: '50' };
    t = await startTestApp(
      [
        createLeadIntakeService({ clock, env }),
        createEnrichmentService({ clock, env }),
        createScoringService({ clock, env }),
        createRoutingService({ clock, env }),
        createMetricsService({ clock, env }),
      ],
      'pg',
      'activities',
    );
    await http().post('/sdrs').send(sdr).expect(201);
  });
  afterAll(() => t?.close());

  it('the same activity posted three times with one Idempotency-Key records one activity; the retries get the first answer and calls per rep count one', async () => {
    const leadId = await assignedLead(1);
    const call = { kind: 'call', outcome: 'connected' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await http().post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'call-1').send(call));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(answers[0].body).toMatchObject({ type: 'ActivityLogged', data: { sdrId: 'ada', kind: 'call', firstTouch: true } });
    expect(answers.map((a) => a.headers['idempotent-replayed'])).toEqual([undefined, 'true', 'true']);
    expect(await activities(leadId)).toHaveLength(1);

    // The same key with another activity is refused; another key is another activity.
    await http()
      .post(`/leads/${leadId}/activities`)
      .set('Idempotency-Key', 'call-1')
      .send({ kind: 'call', outcome: 'voicemail' })
      .expect(422);
    await http()
      .post(`/leads/${leadId}/activities`)
      .set('Idempotency-Key', 'email-1')
      .send({ kind: 'email', outcome: 'no-answer' })
      .expect(201);
    expect((await activities(leadId)).map((e) => [e.data.kind, e.data.firstTouch])).toEqual([
      ['call', true],
      ['email', false],
    ]);

    // Metrics reads the log in order: once it counts the later email, it has counted the retried call too.
    const [row] = await waitFor(
      async () => {
        const rows = await sdrStats();
        return rows.length === 1 && rows[0].emails === 1 && rows;
      },
      { timeoutMs: 30_000, message: 'metrics counted the email' },
    );
    expect(row).toMatchObject({ leadsAssigned: 1, calls: 1, emails: 1, activities: 2 });
  });

  it('an answer lost after the commit (the process died before storing it) still records the retried activity once', async () => {
    const leadId = await assignedLead(4);
    const call = { kind: 'call', outcome: 'connected' };
    const first = await http().post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'lost-1').send(call).expect(201);
    // What a crash between the command's commit and storing its answer leaves once the claim's lease lapsed: no usable answer.
    await t.db.query(`delete from platform.idempotency_keys where key = 'lost-1'`);
    const retry = await http().post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'lost-1').send(call).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    expect(await activities(leadId)).toHaveLength(1);
  });

  it('a retry while the first post still runs is 409 and records nothing; after it finished, the retry gets its answer', async () => {
    const leadId = await assignedLead(3);
    const call = { kind: 'call', outcome: 'voicemail' };
    // Hold the lead's stream row: the first post claims its key, decides, and waits to append.
    const session = await t.db.session();
    try {
      await session.query('begin');
      await session.query('select 1 from event_store.streams where stream_id = $1 for update', [`assignment-${leadId}`]);
      const first = http()
        .post(`/leads/${leadId}/activities`)
        .set('Idempotency-Key', 'slow-1')
        .send(call)
        .then((r) => r);
      await waitFor(
        async () =>
          (await t.db.query(`select 1 from platform.idempotency_keys where key = 'slow-1' and state = 'in-flight'`)).rowCount === 1,
        { timeoutMs: 10_000, message: 'the first post claimed its key' },
      );
      const duplicate = await http().post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'slow-1').send(call);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ error: 'idempotency-key-in-flight' });
      await session.query('commit');
      const answer = await first;
      expect(answer.status).toBe(201);
      const retry = await http().post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'slow-1').send(call).expect(201);
      expect(retry.body).toEqual(answer.body);
    } finally {
      await session.query('rollback').catch(() => undefined);
      await session.release();
    }
    expect(await activities(leadId)).toHaveLength(1);
  });

  it('concurrent activities on one lead: the first touch is the earliest by when it happened, whatever order they were recorded in', async () => {
    const leadId = await assignedLead(2);
    const assignedAt = Date.parse(clock.now().toISOString());
    clock.advance(4 * 60_000); // inside the 5-minute SLA window: no breach
    // Eight calls made 30 s apart, logged at once in a shuffled order (the earliest neither first nor last).
    const times = [5, 2, 7, 0, 3, 6, 1, 4].map((i) => new Date(assignedAt + 10_000 + i * 30_000).toISOString());
    const post = async (occurredAt: string, n: number) => {
      // A client retries a concurrent-change 409 with the same key: safe, it cannot log the call twice.
      for (;;) {
        const answer = await http()
          .post(`/leads/${leadId}/activities`)
          .set('Idempotency-Key', `burst-${n}`)
          .send({ kind: 'call', outcome: 'no-answer', occurredAt });
        if (answer.status !== 409) return answer.status;
      }
    };
    expect(await Promise.all(times.map(post))).toEqual(times.map(() => 201));

    const stream = await t.store.readStream(`assignment-${leadId}`);
    const logged = stream.filter((e) => e.type === 'ActivityLogged') as RecordedEvent<string, ActivityLogged['data']>[];
    expect(logged).toHaveLength(8);
    const earliest = logged.reduce((a, b) => (Date.parse(b.data.at) < Date.parse(a.data.at) ? b : a));
    expect(earliest.data.at).toBe(new Date(assignedAt + 10_000).toISOString());
    expect(foldAssignment(domainEventsOf<AssignmentEvent>(stream))).toMatchObject({
      firstTouchActivityId: earliest.data.activityId,
      firstTouchAt: earliest.data.at,
    });
    // In recording order, each activity marked first touch is earlier than the one before, and each move names the one it replaced.
    const marked = logged.filter((e) => e.data.firstTouch);
    for (let i = 1; i < marked.length; i++) expect(Date.parse(marked[i].data.at)).toBeLessThan(Date.parse(marked[i - 1].data.at));
    expect(marked.at(-1)?.data.activityId).toBe(earliest.data.activityId);
    const moves = stream.filter((e) => e.type === 'FirstTouchMoved') as RecordedEvent<string, FirstTouchMoved['data']>[];
    expect(moves.map((m) => [m.data.fromActivityId, m.data.activityId])).toEqual(
      marked.slice(1).map((e, i) => [marked[i].data.activityId, e.data.activityId]),
    );

    // Routing's read model and metrics say the same.
    const { rows } = await t.db.query<{ first_touch_at: Date }>('select first_touch_at from routing.assignments where lead_id = $1', [
      leadId,
    ]);
    expect(rows[0].first_touch_at.toISOString()).toBe(earliest.data.at);
    await waitFor(
      async () => {
        const { body } = await http().get('/metrics/lists/leads').query({ limit: 10 }).expect(200);
        const row = (body.rows as { leadId: string; firstTouchAt: string | null }[]).find((r) => r.leadId === leadId);
        return row?.firstTouchAt !== null && row !== undefined && Date.parse(row.firstTouchAt as string) === Date.parse(earliest.data.at);
      },
      { timeoutMs: 30_000, message: "metrics' lead list shows the earliest first touch" },
    );
  });
});
