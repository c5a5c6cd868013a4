import { createTestDatabase, testInfra, uniqueTopicPrefix, type TestDatabase } from '@leadline/testing';
import { runChaos, type ChaosReport } from './chaos-run';

// The small chaos run of npm test: two replicas each of lead-intake, enrichment, scoring and routing as
// separate processes on PostgreSQL and the test broker; one replica of each SIGTERMed, later the other
// SIGKILLed, while leads are posted across both intake replicas. The 1,000-lead run and its timings:
// `npm run chaos` (docs/operations.md). Nothing here asserts a duration.
describe('two replicas of each service, one SIGTERMed and the other SIGKILLed mid-run', () => {
  let database: TestDatabase;
  let report: ChaosReport;

  beforeAll(async () => {
    database = await createTestDatabase('chaos');
    report = await runChaos({
      databaseUrl: database.url,
      kafkaBrokers: testInfra().kafkaBrokers,
      topicPrefix: uniqueTopicPrefix('chaos'),
      leads: 16,
      rate: 8,
      // A shorter session than the default 10 s: the SIGKILLed members' partitions move sooner.
      env: { INTAKE_RATE_LIMIT: '0', KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '2000' },
      settleTimeoutMs: 120_000,
    });
  }, 360_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('captures, enriches, scores and assigns every accepted lead exactly once, in order; none lost', () => {
    expect(report.accepted).toBeGreaterThanOrEqual(16);
    expect(report.wrongLedgers).toEqual([]);
    // Intake answered each post 202, or 503 while a replica drained (the client then tried the other).
    expect(report.unexpectedAnswers).toEqual([]);
  });

  it('the survivors took over without a restart: everything accepted was assigned before the stopped replicas came back', () => {
    expect(report.survivorsCaughtUp).toEqual([true, true]);
  });

  it('every SIGTERMed replica drained and exited 0; every SIGKILLed one served again after its restart', () => {
    const terms = report.stops.filter((stop) => stop.signal === 'SIGTERM');
    expect(terms.map((stop) => [stop.service, stop.exitCode])).toEqual(
      expect.arrayContaining(['lead-intake', 'enrichment', 'scoring', 'routing'].map((service) => [service, 0])),
    );
    expect(terms).toHaveLength(4);
    const kills = report.stops.filter((stop) => stop.signal === 'SIGKILL').map((stop) => stop.replica);
    const restarted = report.starts.filter((start) => start.after === 'SIGKILL').map((start) => start.replica);
    expect(kills).toHaveLength(4);
    expect(restarted.sort()).toEqual([...kills].sort());
    // The restarted intake replica took a lead again.
    expect(report.starts.find((start) => start.after === 'SIGKILL' && start.service === 'lead-intake')?.acceptMs).toEqual(
      expect.any(Number),
    );
  });
});
