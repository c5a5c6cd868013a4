import type { INestApplication } from '@nestjs/common';
import type { LeadAssigned, LeadReopenedForOutbound } from '@leadline/domain';
import { deriveEventId, EVENT_STORE, SQL_DATABASE, type EventStore, type SqlDatabase } from '@leadline/event-store';
import { loadConfig, type PlatformConfig, startLeadlineApp } from '@leadline/platform';
import { VirtualClock } from '@leadline/scheduling';
import { createRoutingService } from '@leadline/service-routing';
import { authedAgent, testAdminKey } from '@leadline/platform/testing';
import { freshStoreLocation, waitFor } from '@leadline/testing';
import { waitForLogHorizon } from '@leadline/event-store/testing';
import { givenScoredLead, recycleLead } from './lead-events.fixture';

describe.each(['pg', 'pglite'] as const)('routing timers (first-touch SLA, recycle cool-off) across a restart on %s', (driver) => {
  let config: PlatformConfig;
  const adminKey = testAdminKey();
  let cleanup: () => Promise<void>;
  const clock = new VirtualClock('2026-03-03T09:00:00.000Z');
  const start = async () => {
    const app = await startLeadlineApp([createRoutingService({ clock, env: { ROUTING_TIMER_POLL_MS: '25' } })], config);
    return app;
  };

  beforeAll(async () => {
    const where = await freshStoreLocation(driver, 'routing-restart');
    config = loadConfig({ ...where.env, AUTH_ADMIN_KEY: adminKey });
    cleanup = where.cleanup;
  });
  afterAll(() => cleanup?.());

  it('a first-touch timer scheduled before the service stopped fires after it starts again', async () => {
    let app: INestApplication = await start();
    try {
      await authedAgent(app.getHttpServer(), adminKey)
        .post('/sdrs')
        .send({
          sdrId: 'eve',
          name: 'Eve',
          email: 'eve@sales.example',
          managerEmail: 'boss@sales.example',
          team: 'inbound',
          territories: ['*'],
          segments: ['*'],
          workingHours: { days: [1, 2, 3, 4, 5], start: '00:00', end: '24:00' },
          timeZone: 'UTC',
        })
        .expect(201);
      const store: EventStore = app.get(EVENT_STORE);
      const db: SqlDatabase = app.get(SQL_DATABASE);
      const leadId = await givenScoredLead(store, {
        source: 'free-trial',
        inbound: true,
        segment: 'smb',
        territory: null,
        grade: 'B',
        capturedAt: clock.now().toISOString(),
      });
      // Routing reacts once the gap-safe log shows the scored lead: on a shared server another client's open transaction may hold it back.
      await waitForLogHorizon(db);
      await waitFor(async () => (await store.readStream(`assignment-${leadId}`)).some((e) => e.type === 'LeadAssigned'), {
        message: 'LeadAssigned',
      });
      await app.close();

      clock.advance(10 * 60_000);
      app = await start();
      const reopened: EventStore = app.get(EVENT_STORE);
      const events = await waitFor(
        async () => {
          const all = await reopened.readStream(`assignment-${leadId}`);
          return all.some((e) => e.type === 'FirstTouchSlaBreached') && all;
        },
        { message: 'FirstTouchSlaBreached after restart' },
      );
      const assigned = events.find((e) => e.type === 'LeadAssigned')?.data as LeadAssigned['data'];
      expect(events.find((e) => e.type === 'FirstTouchSlaBreached')).toMatchObject({ id: assigned.slaTimerId, data: { sdrId: 'eve' } });
    } finally {
      await app.close();
    }
  });

  it("a recycled lead's cool-off timer scheduled before the service stopped fires after it starts again", async () => {
    let app: INestApplication = await start();
    try {
      await authedAgent(app.getHttpServer(), adminKey)
        .post('/sdrs')
        .send({
          sdrId: 'otto',
          name: 'Otto',
          email: 'otto@sales.example',
          managerEmail: 'boss@sales.example',
          team: 'outbound',
          territories: ['*'],
          segments: ['*'],
          workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          timeZone: 'UTC',
        })
        .expect(201);
      const store: EventStore = app.get(EVENT_STORE);
      const db: SqlDatabase = app.get(SQL_DATABASE);
      const leadId = await givenScoredLead(store, {
        source: 'free-trial',
        inbound: true,
        segment: 'smb',
        territory: null,
        grade: 'A',
        capturedAt: clock.now().toISOString(),
      });
      // Routing reacts once the gap-safe log shows the scored lead: on a shared server another client's open transaction may hold it back.
      await waitForLogHorizon(db);
      await waitFor(async () => (await store.readStream(`assignment-${leadId}`)).some((e) => e.type === 'LeadAssigned'), {
        message: 'LeadAssigned',
      });
      await authedAgent(app.getHttpServer(), adminKey)
        .post(`/leads/${leadId}/activities`)
        .send({ kind: 'call', outcome: 'connected' })
        .expect(201);
      await authedAgent(app.getHttpServer(), adminKey).post(`/leads/${leadId}/qualify`).send({ reason: 'qualified' }).expect(200);
      const availableAt = new Date(clock.now().getTime() + 30 * 86_400_000).toISOString();
      const recycledId = await recycleLead(store, leadId, {
        reason: 'hopeless: went with a competitor',
        at: clock.now().toISOString(),
        availableToOutboundAt: availableAt,
      });
      const timerId = deriveEventId(recycledId, 'recycle-cool-off');
      await waitForLogHorizon(db);
      await waitFor(async () => (await db.query('select 1 from scheduling.timers where timer_id = $1', [timerId])).rows.length === 1, {
        message: 'cool-off timer scheduled',
      });
      await app.close();

      clock.set(new Date(new Date(availableAt).getTime() + 60_000));
      app = await start();
      const reopened: EventStore = app.get(EVENT_STORE);
      // The timer appends RecycleCoolOffEnded; the reopening reacts to it through the log.
      await waitFor(async () => (await reopened.readStream(`assignment-${leadId}`)).some((e) => e.type === 'RecycleCoolOffEnded'), {
        message: 'RecycleCoolOffEnded after restart',
      });
      await waitForLogHorizon(app.get<SqlDatabase>(SQL_DATABASE));
      const event = await waitFor(
        async () => (await reopened.readStream(`assignment-${leadId}`)).find((e) => e.type === 'LeadReopenedForOutbound'),
        { message: 'LeadReopenedForOutbound after restart' },
      );
      expect(event.data as LeadReopenedForOutbound['data']).toMatchObject({ fromSdrId: 'eve', sdrId: 'otto', team: 'outbound' });
      expect(event.metadata).toMatchObject({ causationId: timerId });
    } finally {
      await app.close();
    }
  });
});
