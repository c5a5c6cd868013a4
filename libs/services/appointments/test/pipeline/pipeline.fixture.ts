import type { INestApplication } from '@nestjs/common';
import type { AppointmentHeld, DemoOutcomeRecorded } from '@leadline/domain';
import { EVENT_STORE, newEventId, type EventStore } from '@leadline/event-store';
import { ApiKeys, loadConfig, startLeadlineApp } from '@leadline/platform';
import { authedAgent, testAdminKey, type AuthedAgent } from '@leadline/platform/testing';
import type { VirtualClock } from '@leadline/scheduling';
import { freshStoreLocation } from '@leadline/testing';
import { createAppointmentsService } from '../../src';

export type Driver = 'pg' | 'pglite';

export interface PipelineApp {
  readonly app: INestApplication;
  readonly store: EventStore;
  /** Requests as admin. */
  http(): AuthedAgent;
  /** Requests with a rep key acting as this AE. */
  asRep(aeId: string): Promise<AuthedAgent>;
  /** Stops the service and starts it again on the same database (timers must survive). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startPipelineApp(
  driver: Driver,
  label: string,
  clock: VirtualClock,
  env: Record<string, string> = {},
): Promise<PipelineApp> {
  const where = await freshStoreLocation(driver, label);
  const adminKey = testAdminKey();
  const config = loadConfig({ ...where.env, AUTH_ADMIN_KEY: adminKey });
  const start = () => startLeadlineApp([createAppointmentsService({ clock, env: { PIPELINE_TIMER_POLL_MS: '20', ...env } })], config);
  const handle = {
    app: await start(),
    get store(): EventStore {
      return this.app.get(EVENT_STORE);
    },
    http: () => authedAgent(handle.app.getHttpServer(), adminKey),
    asRep: async (aeId: string) => {
      const issued = await handle.app.get(ApiKeys).issue({ label: `rep ${aeId}`, roles: ['rep'], repId: aeId }, 'test');
      return authedAgent(handle.app.getHttpServer(), issued.key);
    },
    async restart() {
      await handle.app.close();
      handle.app = await start();
    },
    async close() {
      await handle.app.close();
      await where.cleanup();
    },
  };
  return handle;
}

/** What the booking part appends when an appointment is held (its streams are not ours; the test stands in). */
export async function givenAppointmentHeld(store: EventStore, leadId: string, aeId: string, at: string): Promise<string> {
  const appointmentId = newEventId();
  const held: AppointmentHeld = { type: 'AppointmentHeld', data: { appointmentId, leadId, aeId, at } };
  await store.appendToStream(`appointment-${appointmentId}`, [{ ...held, metadata: { leadId, correlationId: leadId } }]);
  return appointmentId;
}

/** What the booking part appends when a demo guru moves a prospect forward to a hunter. */
export async function givenMovedForward(
  store: EventStore,
  leadId: string,
  appointmentId: string,
  guruId: string,
  hunterId: string,
  at: string,
): Promise<void> {
  const outcome: DemoOutcomeRecorded = {
    type: 'DemoOutcomeRecorded',
    data: { appointmentId, leadId, aeId: guruId, movedForward: true, hunterId, note: null, at },
  };
  await store.appendToStream(`appointment-${appointmentId}`, [{ ...outcome, metadata: { leadId, correlationId: leadId } }]);
}
