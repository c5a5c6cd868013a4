import type request from 'supertest';
import type { AppointmentBooked, AppointmentReminderDue } from '@leadline/domain';
import type { EventStore, SqlDatabase } from '@leadline/event-store';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { VirtualClock } from '@leadline/scheduling';
import { createAppointmentsService } from '@leadline/service-appointments';
import { waitFor } from '@leadline/testing';
import { ae, givenLead } from './booking.fixture';

/**
 * A reminder's timer claims its row and then appends to the appointment's stream; a command on the
 * appointment (held, cancel, no-show, reschedule) cancels those rows and appends to the same stream.
 * On PostgreSQL the two transactions run at once: here the test plays the timer, holding the row
 * while the command starts and appending only once the command waits, so the order is certain.
 * (PostgreSQL only: PGlite runs one transaction at a time, so there is nothing to interleave.)
 */
/** One appointment per command, on different days of one AE's calendar (10:00 Berlin). */
const DAYS = {
  held: '2026-03-04T09:00:00.000Z',
  cancel: '2026-03-05T09:00:00.000Z',
  'no-show': '2026-03-06T09:00:00.000Z',
  reschedule: '2026-03-09T09:00:00.000Z',
};

describe('a reminder firing while a command runs on its appointment (pg)', () => {
  const clock = new VirtualClock('2026-03-02T07:00:00.000Z');
  let t: TestApp;
  let store: EventStore;
  let db: SqlDatabase;
  const http = () => t.http();

  beforeAll(async () => {
    // A poll far beyond the test: the only timer that fires is the one the test plays.
    t = await startTestApp([createAppointmentsService({ clock, env: { APPOINTMENTS_TIMER_POLL_MS: '60000' } })], 'pg', 'appointments-race');
    ({ store, db } = t);
    await http().post('/aes').send(ae('ada', 'demo-guru')).expect(201);
  });
  afterAll(() => t?.close());

  it.each(['held', 'cancel', 'no-show', 'reschedule'] as const)(
    '%s waits for the reminder and answers on the stream with it',
    async (command) => {
      const leadId = await givenLead(store, db, {
        segment: 'smb',
        industry: null,
        timeZone: 'Europe/Berlin',
        qualified: true,
        at: clock.now().toISOString(),
      });
      const { body: booked } = await http()
        .post('/appointments')
        .send({ leadId, slots: [{ start: DAYS[command] }] })
        .expect(201);
      const { appointmentId } = booked as AppointmentBooked['data'];
      const streamId = `appointment-${appointmentId}`;
      const bodies = { held: {}, cancel: { reason: 'prospect asked' }, 'no-show': {}, reschedule: { start: '2026-03-10T09:00:00.000Z' } };

      let answer: Promise<request.Response> | undefined;
      await db.transaction(async (tx) => {
        // The timer claims its row, as the poller does ...
        const { rows } = await tx.query<{ timer_id: string; event: AppointmentReminderDue }>(
          `select timer_id, event from scheduling.timers where stream_id = $1 and status = 'pending' order by due_at limit 1 for update`,
          [streamId],
        );
        // ... the command starts and waits for that row ...
        answer = http()
          .post(`/appointments/${appointmentId}/${command}`)
          .send(bodies[command])
          .then((r) => r);
        await waitFor(
          async () => {
            const waiting = await db.query<{ n: string }>(
              `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
            );
            return Number(waiting.rows[0].n) > 0;
          },
          { message: `${command} waiting for the timer's row` },
        );
        // ... and the timer appends its reminder and settles, as the poller does.
        await store.inTransaction(tx).appendToStream(streamId, [{ ...rows[0].event, id: rows[0].timer_id }]);
        await tx.query(`update scheduling.timers set status = 'fired', settled_at = now() where timer_id = $1`, [rows[0].timer_id]);
      });
      const response = await answer;
      expect(response?.status).toBe(200);
      const types = (await store.readStream(streamId)).map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(['AppointmentBooked', 'AppointmentReminderDue']);
      expect(types).toHaveLength(3);
    },
  );
});
