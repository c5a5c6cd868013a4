import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@leadline/event-store';
import { loadConfig, type PlatformConfig, startLeadlineApp } from '@leadline/platform';
import { VirtualClock } from '@leadline/scheduling';
import { createCustomerSuccessService, type CustomerView } from '@leadline/service-customer-success';
import { authedAgent, testAdminKey } from '@leadline/platform/testing';
import { freshStoreLocation, waitFor } from '@leadline/testing';
import { daysAfter, givenWonDeal } from './won-deal.fixture';

const START = '2026-03-02T09:00:00.000Z';

describe.each(['pg', 'pglite'] as const)('customer-success renewal timers across a restart on %s', (driver) => {
  let config: PlatformConfig;
  const adminKey = testAdminKey();
  let cleanup: () => Promise<void>;
  const clock = new VirtualClock(START);
  const start = async () => {
    const app = await startLeadlineApp([createCustomerSuccessService({ clock, env: { CS_TIMER_POLL_MS: '25' } })], config);
    return app;
  };
  const view = (app: INestApplication, id: string) =>
    waitFor(
      async () => {
        const res = await authedAgent(app.getHttpServer(), adminKey).get(`/customers/${id}`);
        return res.status === 200 && (res.body as CustomerView);
      },
      { message: `customer ${id}` },
    );

  beforeAll(async () => {
    const where = await freshStoreLocation(driver, 'cs-restart');
    config = loadConfig({ ...where.env, AUTH_ADMIN_KEY: adminKey });
    cleanup = where.cleanup;
  });
  afterAll(() => cleanup?.());

  it('a customer won while no manager had room waits and goes to the next manager registered; its renewal window fires after the service restarts', async () => {
    const renewalDate = daysAfter(START, 365);
    let app: INestApplication = await start();
    let id: string;
    try {
      const store: EventStore = app.get(EVENT_STORE);
      const won = await givenWonDeal(store, { renewalDate, segment: 'smb', at: START });
      id = won.opportunityId;
      expect(await view(app, id)).toMatchObject({ manager: null, status: 'active' });

      await authedAgent(app.getHttpServer(), adminKey)
        .post('/customer-managers')
        .send({ managerId: 'max', name: 'Max', email: 'max@cs.example', segments: ['*'] })
        .expect(201);
      expect((await view(app, id)).manager).toMatchObject({ managerId: 'max' });
      await app.close();

      clock.set(daysAfter(renewalDate, -60));
      app = await start();
      const opened = await waitFor(
        async () => {
          const current = await view(app, id);
          return current.windowsOpened.length === 1 && current;
        },
        { message: '60-day window after the restart' },
      );
      expect(opened.windowsOpened).toEqual([{ daysBefore: 60, renewalDate, at: daysAfter(renewalDate, -60) }]);
      expect(opened.pendingWindows.map((w) => w.daysBefore)).toEqual([30]);
      const events = await app.get<EventStore>(EVENT_STORE).readStream(`customer-${id}`);
      expect(events.map((e) => e.type)).toEqual(['CustomerCreated', 'CustomerManagerAssigned', 'RenewalWindowOpened']);
    } finally {
      await app.close();
    }
  });
});
