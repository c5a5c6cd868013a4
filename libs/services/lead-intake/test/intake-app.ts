import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '@leadline/platform/testing';
import { type Driver, DRIVERS } from '@leadline/testing';
import { createLeadIntakeService, leadIntakeService } from '../src/lead-intake.module';

export { DRIVERS, type Driver };
export type IntakeApp = TestApp;

/**
 * The real lead-intake app in-process, listening on a free port, on a fresh pg database or PGlite folder. `env`: the
 * platform's settings; `intakeEnv`: lead-intake's own (INTAKE_CAPTURE_GROUP_MAX), read from process.env when not given.
 */
export const startIntakeApp = (
  driver: Driver,
  label: string,
  env: Record<string, string> = {},
  intakeEnv?: Record<string, string>,
): Promise<IntakeApp> =>
  startTestApp([intakeEnv ? createLeadIntakeService({ env: intakeEnv }) : leadIntakeService], driver, label, { listen: true, env });

export const person = (overrides: Record<string, unknown> = {}) => ({
  source: 'inbound-web',
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' },
  company: { name: 'Acme Inc.', website: 'https://www.acme.com', country: 'US' },
  consent: true,
  ...overrides,
});

/**
 * POST /leads as a client that honours backpressure: under its own Idempotency-Key, sent again after
 * Retry-After while the answer is 503 (the admission gate's queue wait ran out, or the database was
 * busy); a 503 writes nothing, or the key makes its retry answer what was written. The last answer.
 */
export async function postLeadAsClient(intake: IntakeApp, body: object, attempts = 20) {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const answer = await intake.http().post('/leads').set('Idempotency-Key', key).send(body);
    if (answer.status !== 503 || attempt === attempts) return answer;
    await sleep(Number(answer.headers['retry-after'] ?? 1) * 1000);
  }
}
