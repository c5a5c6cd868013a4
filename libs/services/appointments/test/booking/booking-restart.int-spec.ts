import type { INestApplication } from '@nestjs/common';
import type { AppointmentBooked, AppointmentReminderDue } from '@leadline/domain';
import { EVENT_STORE, SQL_DATABASE, type EventStore } from '@leadline/event-store';
import { loadConfig, type PlatformConfig, startLeadlineApp } from '@leadline/platform';
import { VirtualClock } from '@leadline/scheduling';
import { createAppointmentsService } from '@leadline/service-appointments';
import { authedAgent, testAdminKey } from '@leadline/platform/testing';
import { freshStoreLocation, waitFor } from '@leadline/testing';
import { ae, givenLead } from './booking.fixture';

describe.each(['pg', 'pglite'] as const)('appointment reminders across a restart on %s', (driver) => {
  let config: PlatformConfig;
  const adminKey = testAdminKey();
  let cleanup: () => Promise<void>;
  const clock = new VirtualClock('2026-03-02T07:00:00.000Z');
  const start = async () => {
    const app = await startLeadlineApp([createAppointmentsService({ clock, env: { APPOINTMENTS_TIMER_POLL_MS: '25' } })], config);
    return app;
  };

  beforeAll(async () => {
    const where = await freshStoreLocation(driver, 'appointments-restart');
    config = loadConfig({ ...where.env, AUTH_ADMIN_KEY: adminKey });
    cleanup = where.cleanup;
  });
  afterAll(() => cleanup?.());

  it('reminders scheduled before the service stopped fire after it starts again', async () => {
    let app: INestApplication = await start();
    try {
      await authedAgent(app.getHttpServer(), adminKey).post('/aes').send(ae('eve', 'demo-guru')).expect(201);
      const leadId = await givenLead(app.get(EVENT_STORE), app.get(SQL_DATABASE), {
        segment: 'smb',
        industry: null,
        timeZone: 'Europe/Berlin',
        qualified: true,
        at: clock.now().toISOString(),
      });
      const { body } = await authedAgent(app.getHttpServer(), adminKey)
        .post('/appointments')
        .send({ leadId, slots: [{ start: '2026-03-04T09:00:00.000Z' }] })
        .expect(201);
      const booked = body as AppointmentBooked['data'];
      expect(booked.aeId).toBe('eve');
      await app.close();

      clock.set('2026-03-04T08:30:00.000Z'); // past both the 24 h and the 1 h reminder
      app = await start();
      const reopened: EventStore = app.get(EVENT_STORE);
      const reminders = await waitFor(
        async () => {
          const all = (await reopened.readStream(`appointment-${booked.appointmentId}`)).filter((e) => e.type === 'AppointmentReminderDue');
          return all.length === 2 && all;
        },
        { message: 'both reminders after restart' },
      );
      expect(reminders.map((r) => (r.data as AppointmentReminderDue['data']).before).sort()).toEqual(['PT1H', 'PT24H']);
      expect(reminders[0].metadata).toMatchObject({ leadId });
    } finally {
      await app.close();
    }
  });
});
